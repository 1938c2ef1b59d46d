//! This process's identity on its host, so a lease left by a process that died on the same host can be recognised without waiting for it to expire.

use std::sync::OnceLock;

/// Where a lease holder runs. PIDs are only comparable on the same boot of the same host and
/// within the same PID namespace; the start time tells a reused PID from the original.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ProcessIdentity {
    pub host: String,
    pub boot_id: Option<String>,
    pub pid_ns: Option<String>,
    pub pid: u32,
    pub start: Option<String>,
}

impl ProcessIdentity {
    /// This process, read once.
    pub(crate) fn current() -> &'static ProcessIdentity {
        static CURRENT: OnceLock<ProcessIdentity> = OnceLock::new();
        CURRENT.get_or_init(|| {
            let pid = std::process::id();
            ProcessIdentity {
                host: hostname(),
                boot_id: read_trimmed("/proc/sys/kernel/random/boot_id"),
                pid_ns: std::fs::read_link("/proc/self/ns/pid")
                    .ok()
                    .map(|p| p.to_string_lossy().into_owned()),
                pid,
                start: start_time(pid),
            }
        })
    }

    /// `host:pid`, the name people see.
    pub(crate) fn holder_name(&self) -> String {
        format!("{}:{}", self.host, self.pid)
    }

    /// Whether `other` is provably a process of this host (same boot, same PID namespace) that
    /// no longer runs. Anything not provable — another host, no `/proc`, a missing field —
    /// is `false`: such a lease is left to expire.
    pub(crate) fn sees_dead(&self, other: &ProcessIdentity) -> bool {
        let comparable = self.host == other.host
            && self.boot_id.is_some()
            && self.boot_id == other.boot_id
            && self.pid_ns.is_some()
            && self.pid_ns == other.pid_ns;
        if !comparable || other.pid == self.pid && other.start == self.start {
            return false;
        }
        match (start_time(other.pid), &other.start) {
            // Gone, or a zombie, or the PID now belongs to a process started later.
            (None, _) => true,
            (Some(now), Some(then)) => &now != then,
            (Some(_), None) => false,
        }
    }
}

fn hostname() -> String {
    read_trimmed("/proc/sys/kernel/hostname")
        .or_else(|| read_trimmed("/etc/hostname"))
        .or_else(|| std::env::var("HOSTNAME").ok())
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "eiam-sync".to_owned())
}

fn read_trimmed(path: &str) -> Option<String> {
    let text = std::fs::read_to_string(path).ok()?;
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

/// Field 22 of `/proc/PID/stat` (start time in clock ticks after boot); `None` when the
/// process does not exist or is a zombie.
fn start_time(pid: u32) -> Option<String> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name (field 2) is parenthesised and may hold spaces: split after it.
    let rest = &stat[stat.rfind(')')? + 1..];
    let mut fields = rest.split_whitespace();
    let state = fields.next()?;
    if state == "Z" || state == "X" {
        return None;
    }
    // `rest` starts at field 3 (the state); the start time is field 22.
    fields.nth(18).map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn this_process_is_alive_and_a_missing_pid_on_this_host_is_dead() {
        let me = ProcessIdentity::current();
        assert!(!me.sees_dead(me));
        if me.boot_id.is_none() {
            return; // no /proc: nothing can be proven dead, which the next case shows
        }
        let mut gone = me.clone();
        gone.pid = u32::MAX - 1;
        assert!(me.sees_dead(&gone));
        let mut reused = me.clone();
        reused.pid = 1;
        reused.start = Some("0".to_owned());
        assert!(me.sees_dead(&reused) || start_time(1).as_deref() == Some("0"));
    }

    #[test]
    fn other_hosts_boots_and_namespaces_are_never_judged() {
        let me = ProcessIdentity::current();
        let mut gone = me.clone();
        gone.pid = u32::MAX - 1;
        for change in [
            |p: &mut ProcessIdentity| p.host.push_str("-other"),
            |p: &mut ProcessIdentity| p.boot_id = Some("another-boot".to_owned()),
            |p: &mut ProcessIdentity| p.pid_ns = Some("pid:[1]".to_owned()),
            |p: &mut ProcessIdentity| p.boot_id = None,
        ] {
            let mut other = gone.clone();
            change(&mut other);
            assert!(!me.sees_dead(&other), "{other:?}");
        }
    }
}
