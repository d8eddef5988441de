# The PyScript entry: everything else lives in the creatorpost package (py/creatorpost/browser/).
from creatorpost.browser.app import start

await start()  # noqa: F704  (PyScript runs this file with top-level await)
