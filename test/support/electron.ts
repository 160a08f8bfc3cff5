// A stand-in for the parts of the `electron` module main/ uses, shaped like Electron 45's documented API
// (node_modules/electron/electron.d.ts): app (with exit, commandLine, getAppPath), BrowserWindow with
// webContents and frames, session handlers, protocol.handle with WHATWG Request/Response, ipcMain.handle,
// powerMonitor (events, idle time and idle state). It records what main/ installs so tests can drive it; it
// never grants anything itself. Use: vi.mock('electron', () => electron).
import { EventEmitter } from 'node:events';

type Listener = (...args: never[]) => unknown;

/** A WebFrameMain: the frame's URL and, as Chromium computes it, its origin. */
export class FakeFrame {
  constructor(
    public url: string,
    public origin = 'null',
  ) {}
}

export interface BeforeRequestDetails {
  url: string;
}
export type BeforeRequestListener = (
  details: BeforeRequestDetails,
  callback: (response: { cancel?: boolean }) => void,
) => void;

export class FakeSession extends EventEmitter {
  permissionRequestHandler: Listener | null = null;
  permissionCheckHandler: Listener | null = null;
  devicePermissionHandler: Listener | null = null;
  displayMediaRequestHandler: Listener | null = null;
  beforeRequest: BeforeRequestListener | null = null;
  readonly webRequest = {
    onBeforeRequest: (
      filterOrListener: BeforeRequestListener | { urls: string[] } | null,
      listener?: BeforeRequestListener | null,
    ) => {
      this.beforeRequest = typeof filterOrListener === 'function' ? filterOrListener : (listener ?? null);
    },
  };
  setPermissionRequestHandler(handler: Listener | null): void {
    this.permissionRequestHandler = handler;
  }
  setPermissionCheckHandler(handler: Listener | null): void {
    this.permissionCheckHandler = handler;
  }
  setDevicePermissionHandler(handler: Listener | null): void {
    this.devicePermissionHandler = handler;
  }
  setDisplayMediaRequestHandler(handler: Listener | null): void {
    this.displayMediaRequestHandler = handler;
  }
}

/** An event main/ may cancel, as Electron's navigation and download events are. */
export class FakeEvent {
  defaultPrevented = false;
  constructor(readonly url = '') {}
  preventDefault(): void {
    this.defaultPrevented = true;
  }
}

export class FakeWebContents extends EventEmitter {
  readonly mainFrame: FakeFrame;
  windowOpenHandler: ((details: { url: string }) => { action: 'allow' | 'deny' }) | null = null;
  reloads = 0;
  destroyed = false;
  readonly sent: Array<[string, ...unknown[]]> = [];
  constructor(
    readonly session: FakeSession,
    url = '',
  ) {
    super();
    this.mainFrame = new FakeFrame(url);
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'allow' | 'deny' }): void {
    this.windowOpenHandler = handler;
  }
  getURL(): string {
    return this.mainFrame.url;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  reload(): void {
    this.reloads++;
  }
  send(channel: string, ...args: unknown[]): void {
    this.sent.push([channel, ...args]);
  }
  /** Emits a cancellable event as Electron does, answering whether main/ prevented it. */
  prevented(name: string, url: string): boolean {
    const event = new FakeEvent(url);
    if (name === 'will-frame-navigate') this.emit(name, event);
    else this.emit(name, event, url);
    return event.defaultPrevented;
  }
}

class FakeApp extends EventEmitter {
  isPackaged = false;
  readonly paths = new Map<string, string>();
  quits = 0;
  /** Exit codes of every app.exit() call. */
  readonly exits: number[] = [];
  /** Where the app's package.json is (app.getAppPath()); the repository by default. */
  appPath = process.cwd();
  /** The switches Chromium parsed from the command line (app.commandLine). */
  readonly switches = new Set<string>();
  readonly commandLine = {
    hasSwitch: (name: string): boolean => this.switches.has(name),
  };
  singleInstance = true;
  #ready: () => void = () => {};
  readonly #whenReady = new Promise<void>((resolve) => (this.#ready = resolve));
  setPath(name: string, path: string): void {
    this.paths.set(name, path);
  }
  getPath(name: string): string {
    const path = this.paths.get(name);
    if (!path) throw new Error(`Failed to get '${name}' path`);
    return path;
  }
  getName(): string {
    return 'Custody';
  }
  getVersion(): string {
    return '0.0.0-test';
  }
  requestSingleInstanceLock(): boolean {
    return this.singleInstance;
  }
  quit(): void {
    this.quits++;
  }
  exit(code = 0): void {
    this.exits.push(code);
  }
  getAppPath(): string {
    return this.appPath;
  }
  whenReady(): Promise<void> {
    return this.#whenReady;
  }
  /** What Electron does once it is ready: emit 'ready' and settle whenReady(). */
  becomeReady(): void {
    this.emit('ready');
    this.#ready();
  }
}

export const defaultSession = new FakeSession();
export const app = new FakeApp();
export const windows: FakeBrowserWindow[] = [];

export class FakeBrowserWindow extends EventEmitter {
  readonly webContents: FakeWebContents;
  shown = false;
  constructor(readonly options: Record<string, unknown>) {
    super();
    this.webContents = new FakeWebContents(defaultSession);
    windows.push(this);
    app.emit('web-contents-created', new FakeEvent(), this.webContents);
  }
  loadURL(url: string): Promise<void> {
    this.webContents.mainFrame.url = url;
    return Promise.resolve();
  }
  show(): void {
    this.shown = true;
  }
  isMinimized(): boolean {
    return false;
  }
  restore(): void {}
  focus(): void {}
}

export type ProtocolHandler = (request: Request) => Response | Promise<Response>;

export const protocol = {
  privileged: [] as Array<{ scheme: string; privileges?: Record<string, boolean> }>,
  handlers: new Map<string, ProtocolHandler>(),
  registerSchemesAsPrivileged(schemes: Array<{ scheme: string; privileges?: Record<string, boolean> }>) {
    this.privileged.push(...schemes);
  },
  handle(scheme: string, handler: ProtocolHandler): void {
    if (this.handlers.has(scheme)) throw new Error(`The scheme "${scheme}" is already handled.`);
    this.handlers.set(scheme, handler);
  },
  /** Fetches `url` through the handler of its scheme, with a real WHATWG Request. */
  async fetch(url: string, init?: RequestInit): Promise<Response> {
    const handler = this.handlers.get(new URL(url).protocol.slice(0, -1));
    if (!handler) throw new Error(`No handler for ${url}`);
    return handler(new Request(url, init));
  },
};

export type InvokeHandler = (event: Electron.IpcMainInvokeEvent, ...args: unknown[]) => unknown;

export const ipcMain = {
  handlers: new Map<string, InvokeHandler>(),
  handle(channel: string, listener: InvokeHandler): void {
    if (this.handlers.has(channel))
      throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, listener);
  },
  /** Invokes `channel` as `ipcRenderer.invoke` from `frame` of `contents` would. */
  invoke(channel: string, contents: FakeWebContents, frame: FakeFrame, payload: unknown): Promise<unknown> {
    const handler = this.handlers.get(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    const event = { sender: contents, senderFrame: frame, processId: 1, frameId: 1 };
    return Promise.resolve(handler(event as unknown as Electron.IpcMainInvokeEvent, payload));
  },
};

class FakePowerMonitor extends EventEmitter {
  idleSeconds = 0;
  /** What getSystemIdleState answers besides 'idle' ('locked' where the OS reports a locked screen). */
  screen: 'active' | 'locked' | 'unknown' = 'active';
  getSystemIdleTime(): number {
    return this.idleSeconds;
  }
  getSystemIdleState(threshold: number): 'active' | 'idle' | 'locked' | 'unknown' {
    if (this.screen !== 'active') return this.screen;
    return this.idleSeconds >= threshold ? 'idle' : 'active';
  }
}
export const powerMonitor = new FakePowerMonitor();

/** The module as `vi.mock('electron', …)` returns it. */
export const electron = {
  app,
  BrowserWindow: FakeBrowserWindow,
  session: { defaultSession },
  protocol,
  ipcMain,
  powerMonitor,
};
