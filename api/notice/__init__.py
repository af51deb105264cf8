"""The public notice board (公示): the printable notice page and code verification."""
