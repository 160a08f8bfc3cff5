// Public surface of video: FFmpeg found and run in limited child processes, probing, frame decoding,
// keyframe stills and vPDQ hashing and comparison. Nothing here decodes a video in the calling process.
export { DEFAULT_LIMITS, findVideoTools, VideoDecodeError } from './ffmpeg';
export type { ChildLimits, VideoTools } from './ffmpeg';
export { decodeFrames, MAX_FRAME_PIXELS } from './frames';
export type { DecodedFrame, DecodeSummary } from './frames';
export {
  EVEN_KEYFRAMES,
  keyframeTimes,
  MAX_SCENE_KEYFRAMES,
  sceneChanges,
  SCENE_THRESHOLD,
  stillAt,
} from './keyframes';
export type { KeyframeTime } from './keyframes';
export { probeVideo } from './probe';
export type { VideoFacts } from './probe';
export {
  compareVpdq,
  formatVpdqLine,
  frameStep,
  hashVideo,
  isVpdqMatch,
  parseVpdqLines,
  VPDQ_DISTANCE_THRESHOLD,
  VPDQ_MATCH_PERCENT,
  VPDQ_QUALITY_THRESHOLD,
} from './vpdq';
export type { HashedVideo, VpdqComparison, VpdqFrame, VpdqOptions } from './vpdq';
