// Creator Post Studio for partner sites, with one tag:
//   <script src="https://STUDIO/embed.js" data-token="CREATOR_TOKEN" data-lang="es" async></script>
// It puts the editor in an iframe where the tag stands and hands it the creator's token by
// postMessage, addressed to the studio's origin only (never in a URL, never to anyone else).
(() => {
  const tag = document.currentScript;
  if (!tag) return;
  const studio = new URL(".", tag.src);
  const page = new URL("./", studio);
  if (tag.dataset.lang) page.searchParams.set("lang", tag.dataset.lang);
  const frame = document.createElement("iframe");
  frame.src = page.href;
  frame.title = tag.dataset.title || "Creator Post Studio";
  frame.style.width = "100%";
  frame.style.border = "0";
  frame.style.height = tag.dataset.height || "900px";
  frame.setAttribute("allow", "clipboard-read; clipboard-write");
  tag.insertAdjacentElement("afterend", frame);
  addEventListener("message", (event) => {
    if (event.source !== frame.contentWindow || event.origin !== studio.origin) return;
    if (event.data && event.data.type === "creatorpost:ready" && tag.dataset.token) {
      frame.contentWindow.postMessage({ type: "creatorpost:token", token: tag.dataset.token }, studio.origin);
    }
  });
})();
