"""Editions of a release beyond the web page and the PDF: the email (email.py) and the wire
text (text.py). Each takes the same typed context as the web page and returns the file's text."""

# Edition -> the file name's ending after `<round-id>-<lang>`.
SUFFIXES = {"html": ".html", "pdf": ".pdf", "email": ".email.html", "text": ".txt"}
DEFAULT = ("html", "pdf")
