"""One module per CLI command: each takes plain arguments, returns or prints, and raises PressgenError."""
