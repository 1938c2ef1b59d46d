# The state store, the credentials and the account are kept (deploy/README.md, "Remove").
if [ -d /run/systemd/system ]; then systemctl daemon-reload || :; fi
