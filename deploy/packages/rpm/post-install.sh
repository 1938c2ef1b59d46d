# The service account and the state directory now; the units are installed, not enabled.
systemd-sysusers eiam-sync.conf
systemd-tmpfiles --create eiam-sync.conf
chgrp eiam-sync /etc/eiam-sync/eiam-sync.toml
if [ -d /run/systemd/system ]; then systemctl daemon-reload || :; fi
