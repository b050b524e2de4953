/** Host implementation of `@kit.ArkUI`: only types are declared (window.WindowStage); see tests/host/app.ts. */
export namespace window {
  /** A stand-in window stage: loadContent records the page path and reports success. */
  export class WindowStage {
    loadedPath: string | null = null;
    loadContent(p: string, callback: (err: any, data?: void) => void): void {
      this.loadedPath = p;
      setImmediate(() => callback(null as any, undefined));
    }
  }
}
