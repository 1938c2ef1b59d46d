# $1 = 0: the package is being removed (not upgraded): stop the units.
if [ "$1" -eq 0 ] && [ -d /run/systemd/system ]; then
    systemctl stop eiam-sync.service eiam-sync-dry-run.timer eiam-sync-dry-run.service || :
fi
