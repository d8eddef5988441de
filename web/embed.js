// Creator Post Studio for partner sites (README, "Embedding in a partner site"). Two ways:
//
//   <script src="https://STUDIO/embed.js" data-token="CREATOR_TOKEN" data-lang="es" async></script>
//     one tag: the editor appears where the tag stands;
//
//   <script src="https://STUDIO/embed.js" async></script>
//   <creator-post-editor lang="es"></creator-post-editor>
//     a custom element; give it the token with `element.token = "..."` (or a token attribute).
//
// The editor lives in an iframe on the studio's origin. The token (and an optional post to start
// from, `element.prefill(post)`) goes to it by postMessage addressed to the studio's origin only,
// once it says it is ready. What the editor says comes back as DOM events on the element (they
// bubble): creatorpost-ready, -resize {height}, -draft-saved {draft_id}, -published {id, url,
// revision}, -error {code}; the frame takes the height the editor reports, so it has no scrollbar.
// The studio talks only to sites in its CREATORPOST_PARTNER_ORIGINS; to any other it shows nothing.
(() => {
  const script = document.currentScript;
  if (!script) return;
  const studio = new URL(".", script.src);
  const PREFIX = "creatorpost:";
  const MIN_HEIGHT = 200;

  class CreatorPostEditor extends HTMLElement {
    #frame = null;
    #ready = false;
    #token = null;
    #prefill = null;

    connectedCallback() {
      if (this.#frame) return;
      if (Object.prototype.hasOwnProperty.call(this, "token")) {
        // Set on the element before embed.js defined it: move the value behind the real setter.
        const early = this.token;
        delete this.token;
        this.token = early;
      }
      const page = new URL("./", studio);
      const lang = this.getAttribute("lang");
      if (lang) page.searchParams.set("lang", lang);
      page.searchParams.set("embedder", location.origin); // where browsers lack location.ancestorOrigins
      const frame = document.createElement("iframe");
      frame.src = page.href;
      frame.title = this.getAttribute("frame-title") || "Creator Post Studio";
      frame.style.width = "100%";
      frame.style.border = "0";
      frame.style.display = "block";
      frame.style.height = this.getAttribute("height") || "600px";
      frame.setAttribute("allow", "clipboard-read; clipboard-write");
      this.#frame = frame;
      if (this.hasAttribute("token")) this.#token = this.getAttribute("token");
      addEventListener("message", (event) => this.#heard(event));
      this.appendChild(frame);
    }

    get token() {
      return this.#token;
    }

    set token(value) {
      this.#token = value ? String(value) : null;
      if (this.#ready && this.#token) this.#send({ type: PREFIX + "token", token: this.#token });
    }

    // A post to start from (the post's JSON, e.g. product blocks): the editor checks it like anything typed.
    prefill(post) {
      this.#prefill = post;
      if (this.#ready) this.#send({ type: PREFIX + "prefill", post });
    }

    #send(message) {
      this.#frame.contentWindow.postMessage(message, studio.origin);
    }

    #heard(event) {
      if (!this.#frame || event.source !== this.#frame.contentWindow || event.origin !== studio.origin) return;
      const data = event.data;
      if (!data || typeof data.type !== "string" || !data.type.startsWith(PREFIX)) return;
      if (data.type === PREFIX + "ready") {
        this.#ready = true;
        if (this.#token) this.#send({ type: PREFIX + "token", token: this.#token });
        if (this.#prefill) this.#send({ type: PREFIX + "prefill", post: this.#prefill });
      }
      if (data.type === PREFIX + "resize" && Number.isFinite(data.height)) {
        this.#frame.style.height = `${Math.max(MIN_HEIGHT, Math.ceil(data.height))}px`;
      }
      const { type, ...detail } = data;
      this.dispatchEvent(new CustomEvent("creatorpost-" + type.slice(PREFIX.length), { detail, bubbles: true }));
    }
  }

  if (!customElements.get("creator-post-editor")) customElements.define("creator-post-editor", CreatorPostEditor);

  // The one-tag embed: a script tag with data-token stands for an editor of its own.
  if (script.dataset.token) {
    const editor = document.createElement("creator-post-editor");
    if (script.dataset.lang) editor.setAttribute("lang", script.dataset.lang);
    if (script.dataset.height) editor.setAttribute("height", script.dataset.height);
    if (script.dataset.title) editor.setAttribute("frame-title", script.dataset.title);
    editor.token = script.dataset.token;
    script.insertAdjacentElement("afterend", editor);
  }
})();
