"""`pressgen studio`: the press office's Monday in a browser, on the same files as the commands.

    server.py     the HTTP server on 127.0.0.1 (the preview's rules: loopback, Host checked), routes
    web.py        requests and answers: forms, uploads, the CSRF token, the UI language
    dashboard.py  seasons and rounds at a glance: results, prose, translations, problems, builds, versions
    tables.py     a race's tables as a form, and the form back as row edits of round.yaml
    saving.py     every write: validated as the file it will become, refused on a file changed on disk
    jobs.py       the build, run in the background with its progress
    translate.py  the translation page: a release's units side by side, saved, accepted, exported, imported

It calls the same functions as the commands (load.py, build.py, the commands' own), never the CLI.
"""
