// A video in the item panel: its keyframe strip, blurred by the core like an image, the keyframe shown
// large (blurred, or unblurred when it is the one revealed), and after a reveal the video itself, played
// muted without the browser's controls, so sound comes only through the recorded unmute (M).
import { useEffect, useRef } from 'react';
import type { ItemSummary } from '../../../shared/review';
import { keyframeUrl, videoUrl } from '../media';
import { useVideo } from './video-store';

function time(seconds: number): string {
  const minutes = Math.floor(seconds / 60);
  return `${minutes}:${(seconds - minutes * 60).toFixed(1).padStart(4, '0')}`;
}

function Player({ itemId }: { itemId: string }) {
  const unmuted = useVideo((s) => s.unmuted);
  const player = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    const video = player.current;
    if (!video) return;
    video.muted = !unmuted;
    void video.play().catch(() => undefined);
  }, [unmuted]);
  return (
    <video
      ref={player}
      className="preview-image revealed"
      src={videoUrl(itemId)}
      muted
      autoPlay
      playsInline
      disablePictureInPicture
      controls={false}
      onEnded={() => useVideo.setState({ playing: false })}
      aria-label={unmuted ? 'Video playing with sound' : 'Video playing, muted'}
    />
  );
}

export function VideoReview({ item, revealed }: { item: ItemSummary; revealed: boolean }) {
  const { keyframes, selected, playing, unmuted } = useVideo();
  const revealedFrame = useVideo((s) => s.revealed);
  const { open, select, blurred, togglePlay, unmute } = useVideo.getState();

  useEffect(() => {
    void open(item.id);
  }, [item.id, open]);
  useEffect(() => {
    if (!revealed) blurred();
  }, [revealed, blurred]);

  const frame = keyframes[selected];
  const clear = revealed && revealedFrame === selected;
  return (
    <div className="video-review">
      <div className="preview" data-state={playing ? 'playing' : clear ? 'revealed' : 'blurred'}>
        {playing ? (
          <Player itemId={item.id} />
        ) : (
          frame && (
            <img
              className={`preview-image ${clear ? 'revealed' : 'blurred'}`}
              src={keyframeUrl(clear ? 'clear' : 'preview', item.id, selected)}
              alt={`${item.fileName}, keyframe ${selected + 1}, ${clear ? 'revealed' : 'blurred'}`}
              draggable={false}
            />
          )
        )}
      </div>
      <ol className="keyframe-strip" aria-label="Keyframes">
        {keyframes.map((k) => (
          <li key={k.position}>
            <button
              type="button"
              className="keyframe"
              aria-current={k.position === selected}
              aria-label={`Keyframe ${k.position + 1} at ${time(k.seconds)}${k.scene ? ', scene change' : ''}`}
              onClick={() => select(k.position)}
            >
              <img
                className={revealed && revealedFrame === k.position ? 'revealed' : 'blurred'}
                src={keyframeUrl('thumbnail', item.id, k.position)}
                alt=""
                draggable={false}
              />
              <span className="keyframe-time">
                {time(k.seconds)}
                {k.scene && ' ◆'}
              </span>
            </button>
          </li>
        ))}
      </ol>
      <div className="video-controls">
        <span className="muted">
          {frame
            ? `Keyframe ${selected + 1} of ${keyframes.length}${frame.scene ? ' (scene change)' : ''}`
            : 'No keyframes'}
        </span>
        <button type="button" onClick={() => select(Math.max(0, selected - 1))} aria-keyshortcuts=",">
          Previous <kbd>,</kbd>
        </button>
        <button
          type="button"
          onClick={() => select(Math.min(keyframes.length - 1, selected + 1))}
          aria-keyshortcuts="."
        >
          Next <kbd>.</kbd>
        </button>
        <button type="button" onClick={togglePlay} disabled={revealedFrame === null} aria-keyshortcuts="P">
          {playing ? 'Pause' : 'Play muted'} <kbd>P</kbd>
        </button>
        {playing && (
          <button type="button" onClick={unmute} disabled={unmuted} aria-keyshortcuts="M">
            {unmuted ? 'Sound on (recorded)' : 'Unmute'} <kbd>M</kbd>
          </button>
        )}
      </div>
    </div>
  );
}
