"""Server-rendered HTML for readers: the page frame, a published post, QR codes."""
