//! Rules 1, 6 and 7 for data: every channel cites a fresh, official, https source; data URLs are safe.

use url::{Host, Url};

use super::{at_field, Diagnostic};
use crate::date::Date;
use crate::links::{classify, LinkProblem};
use crate::model::{Channel, ChannelKind, Guide, Site, Text};

/// What `madoguchi new` writes where only the author can know the value (an official page,
/// its domain): the check names it plainly instead of reporting a malformed URL or date.
pub const PLACEHOLDER: &str = "TODO";

fn is_placeholder(text: &Text) -> bool {
    text.value.trim() == PLACEHOLDER
}

/// The guide's `official_domains`, normalised (lower case, punycode), and what was wrong with it.
pub struct OfficialDomains {
    domains: Vec<String>,
    /// Explicit ports besides 443 that the guide allows (`allow_ports`).
    ports: Vec<u16>,
    pub problems: Vec<Diagnostic>,
}

impl OfficialDomains {
    pub fn from_guide(guide: &Guide) -> Self {
        let mut domains = Vec::new();
        let mut problems = Vec::new();
        if guide.official_domains.is_empty() {
            problems.push(
                Diagnostic::error("`official_domains` is empty")
                    .in_file(crate::load::GUIDE_FILE)
                    .help(
                        "list the registrable domains of the organisations whose windows you cite",
                    ),
            );
        }
        for entry in &guide.official_domains {
            if is_placeholder(entry) {
                problems.push(
                    Diagnostic::error("`official_domains` still holds a placeholder")
                        .at(crate::load::GUIDE_FILE, crate::model::span_of(entry, 0))
                        .label("placeholder")
                        .help("replace `TODO` with the registrable domain of the organisation whose page you cite, e.g. `example.co.jp`"),
                );
                continue;
            }
            match normalise_domain(&entry.value) {
                Ok(domain) => domains.push(domain),
                Err(why) => problems.push(
                    Diagnostic::error(format!("`{}` cannot be an official domain", entry.value))
                        .at(crate::load::GUIDE_FILE, crate::model::span_of(entry, 0))
                        .label(why)
                        .help("write a registrable domain such as `example.co.jp` (subdomains are then allowed)"),
                ),
            }
        }
        let ports = guide.allow_ports.iter().map(|p| p.value).collect();
        OfficialDomains {
            domains,
            ports,
            problems,
        }
    }

    /// True when `host` is an official domain or a subdomain of one (labels matched exactly).
    pub fn contains_host(&self, host: &str) -> bool {
        let host = host.trim_end_matches('.').to_ascii_lowercase();
        self.domains.iter().any(|d| {
            host == *d
                || host
                    .strip_suffix(d.as_str())
                    .is_some_and(|rest| rest.ends_with('.'))
        })
    }

    pub fn list(&self) -> String {
        self.domains.join(", ")
    }

    /// Is this an `https:` URL on an official domain, written in its normal form?
    pub fn is_official_https(&self, url: &str) -> bool {
        official_url_problem(url, self).is_none()
    }

    /// Why `url` is not an official https URL in its normal form (a label and a help), if not.
    pub fn url_problem(&self, url: &str) -> Option<(String, String)> {
        official_url_problem(url, self)
    }
}

fn normalise_domain(entry: &str) -> Result<String, &'static str> {
    let domain = match Host::parse(entry.trim()) {
        Ok(Host::Domain(d)) => d,
        Ok(_) => return Err("an IP address, not a domain"),
        Err(_) => return Err("not a domain name"),
    };
    let domain = domain.trim_end_matches('.').to_owned();
    if !domain.contains('.') || psl::domain_str(&domain).is_none() {
        return Err("a public suffix: every site under it would count as official");
    }
    Ok(domain)
}

/// Why `url` is not an official https page, or `None` when it is.
fn official_url_problem(url: &str, domains: &OfficialDomains) -> Option<(String, String)> {
    if let Err(LinkProblem::ForbiddenScheme(scheme)) = classify(url) {
        return Some((
            format!("`{scheme}:` URLs are not allowed"),
            "use the https:// address of the official page".into(),
        ));
    }
    if url.contains('\\') {
        return Some((
            "a backslash in a URL".into(),
            "write `/`: browsers read `\\` as `/`, but curl, Python and some QR-code apps do not, and find another host".into(),
        ));
    }
    let parsed = match Url::parse(url.trim()) {
        Ok(u) => u,
        Err(e) => {
            return Some((
                format!("not a valid URL ({e})"),
                "write the full address, starting with https://".into(),
            ))
        }
    };
    if parsed.scheme() != "https" {
        return Some((
            format!("`{}:` is not https", parsed.scheme()),
            "cite the https:// address of the page; plain http can be altered on the way".into(),
        ));
    }
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Some((
            "URL carries a user name".into(),
            "remove the `user@` part: it can disguise the real host".into(),
        ));
    }
    let host = parsed.host_str().unwrap_or_default();
    if host.split('.').any(str::is_empty) {
        return Some((
            format!("`{host}` has an empty label"),
            "write the host without `..`, or a dot at its start or end".into(),
        ));
    }
    if let Some(port) = parsed.port().filter(|p| !domains.ports.contains(p)) {
        return Some((
            format!("port {port} is not https's own"),
            "official pages are served on https's own port: remove `:PORT`, or list it in `allow_ports` if the organisation really serves its page there".into(),
        ));
    }
    if !domains.contains_host(host) {
        return Some((
            format!("`{host}` is not an official domain"),
            format!(
                "official domains: {}. Cite the organisation's own page; add a domain to `official_domains` only if that organisation runs it",
                domains.list()
            ),
        ));
    }
    // What is printed, linked and put in a QR code is what was written: it must be what a
    // URL parser makes of it, so every reader (browser, QR app, curl) reaches the same page.
    if parsed.as_str() != url {
        return Some((
            "not written in its normal form".into(),
            format!(
                "write it as `{}`, the form every browser and QR-code app reads the same way",
                parsed.as_str()
            ),
        ));
    }
    None
}

/// `today` is the UTC date; an editor east of UTC (Japan is UTC+9) may already be a day ahead,
/// so only a date after tomorrow (UTC) is in the future everywhere.
pub(super) fn is_future(date: Date, today: Date) -> bool {
    today.days_since(date) < -1
}

/// Does this channel pass rule 1 (source official, https, with a valid `checked` date not in the future)?
pub fn channel_is_vetted(channel: &Channel, domains: &OfficialDomains, today: Date) -> bool {
    official_url_problem(&channel.source.url.value, domains).is_none()
        && Date::parse(&channel.source.checked.value).is_some_and(|d| !is_future(d, today))
}

pub fn check_channels(site: &Site, domains: &OfficialDomains, today: Date) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for channel in &site.guide.channels {
        match &channel.url {
            Some(url) if is_placeholder(url) => found.push(
                at_field(site, url, format!("channel `{}` has no entry page yet", channel.id.value))
                    .label("placeholder")
                    .help("replace `TODO` with the official https:// page where readers contact this window, or remove the line if it has a vetted `phone`"),
            ),
            Some(url) => check_url_field(site, url, domains, "entry-point", &mut found),
            None => {}
        }
        found.extend(check_email(site, channel, domains));
        found.extend(unreachable_window(site, channel));
        if is_placeholder(&channel.source.url) {
            found.push(
                at_field(site, &channel.source.url, format!("channel `{}` has no source yet", channel.id.value))
                    .label("placeholder")
                    .help("replace the `TODO`s in `source` with the official https:// page that documents this channel, its title, and the day you checked it (YYYY-MM-DD)"),
            );
            continue;
        }
        check_url_field(site, &channel.source.url, domains, "source", &mut found);
        check_checked_date(site, channel, today, &mut found);
    }
    found
}

/// A window the site names with no way to reach it: a worried reader searches for its name,
/// and search engines put fake support numbers beside exact names. A warning (an error under
/// `--strict`): the window needs an official entry page, a vetted number, or the place on
/// something the reader holds where the number is (`on_hand`).
fn unreachable_window(site: &Site, channel: &Channel) -> Option<Diagnostic> {
    let reachable = channel.url.is_some()
        || channel.phone.is_some()
        || channel.email.is_some()
        || channel.on_hand.is_some();
    (!reachable).then(|| {
        at_field(site, &channel.id, format!("window `{}` is shown with no way to reach it", channel.id.value))
            .label("no `url`, `phone`, `email` or `on_hand`")
            .help("a reader who sees only a name searches for it, and search results show fake numbers: give its official entry page (`url`), its vetted `phone`, or where the reader finds the number (`on_hand: カード裏面の電話番号`)")
            .as_warning()
    })
}

/// A channel's `email`: a plain address on an official domain (fake support addresses exist
/// as fake numbers do), and the address a `kind: email` window is reached at.
fn check_email(site: &Site, channel: &Channel, domains: &OfficialDomains) -> Option<Diagnostic> {
    let Some(email) = &channel.email else {
        return (channel.kind.value == ChannelKind::Email).then(|| {
            at_field(site, &channel.id, format!("window `{}` is `kind: email` but gives no `email`", channel.id.value))
                .label("no `email`")
                .help("add `email: ADDRESS` as its official page shows it (the domain must be one of `official_domains`), or give it the kind it is reached by")
        });
    };
    let problem = match crate::email::parse(&email.value) {
        Err(why) => Some((
            why.to_owned(),
            "write the address as the official page shows it: `name@example.co.jp`".to_owned(),
        )),
        Ok(address) => {
            let domain = crate::email::domain_of(&address);
            (!domains.contains_host(domain)).then(|| (
                format!("`{domain}` is not an official domain"),
                format!("official domains: {}. Fake support addresses exist as fake numbers do: give only an address the organisation's own page shows, on its own domain", domains.list()),
            ))
        }
    };
    problem.map(|(label, help)| {
        at_field(site, email, "e-mail address is not on an official domain")
            .label(label)
            .help(help)
    })
}

/// The addresses a page may show: the `email` of every channel that passes rule 1 and whose
/// address is on an official domain, in canonical form (lower case).
pub fn vetted_emails(
    site: &Site,
    domains: &OfficialDomains,
    today: Date,
) -> std::collections::HashSet<String> {
    (site.guide.channels.iter())
        .filter(|c| channel_is_vetted(c, domains, today))
        .filter_map(|c| crate::email::parse(&c.email.as_ref()?.value).ok())
        .filter(|address| domains.contains_host(crate::email::domain_of(address)))
        .collect()
}

fn check_url_field(
    site: &Site,
    field: &Text,
    domains: &OfficialDomains,
    what: &str,
    found: &mut Vec<Diagnostic>,
) {
    if let Some((label, help)) = official_url_problem(&field.value, domains) {
        found.push(
            at_field(
                site,
                field,
                format!("{what} URL is not an official https page"),
            )
            .label(label)
            .help(help),
        );
    }
}

fn check_checked_date(site: &Site, channel: &Channel, today: Date, found: &mut Vec<Diagnostic>) {
    let checked = &channel.source.checked;
    let Some(date) = Date::parse(&checked.value) else {
        found.push(
            at_field(site, checked, "`checked` is not a date")
                .label("expected YYYY-MM-DD")
                .help("write the day you last confirmed the source, e.g. 2026-11-27"),
        );
        return;
    };
    if is_future(date, today) {
        found.push(
            at_field(site, checked, "`checked` is in the future")
                .label("after today")
                .help("write the day you actually confirmed the source"),
        );
        return;
    }
    let age = today.days_since(date);
    let limit = site.guide.max_source_age_days();
    if age > i64::from(limit) {
        let d = at_field(
            site,
            checked,
            format!(
                "source of `{}` was checked {age} days ago",
                channel.id.value
            ),
        )
        .label(format!("older than max_source_age_days ({limit})"))
        .help("open the source page, confirm the contact details still hold, and update `checked`")
        .as_warning();
        found.push(d);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn domains(list: &[&str]) -> OfficialDomains {
        OfficialDomains {
            domains: list.iter().map(|d| normalise_domain(d).unwrap()).collect(),
            ports: Vec::new(),
            problems: Vec::new(),
        }
    }

    #[test]
    fn subdomains_match_lookalikes_do_not() {
        let d = domains(&["rakuten.co.jp"]);
        assert!(d.contains_host("rakuten.co.jp"));
        assert!(d.contains_host("event.rakuten.co.jp"));
        assert!(d.contains_host("EVENT.Rakuten.co.jp."));
        assert!(!d.contains_host("rakuten.co.jp.evil.example"));
        assert!(!d.contains_host("evil-rakuten.co.jp"));
        assert!(!d.contains_host("rakuten.ne.jp"));
        assert!(!d.contains_host("co.jp"));
    }

    #[test]
    fn urls_must_be_https_on_an_official_host() {
        let d = domains(&["rakuten.co.jp"]);
        assert!(d.is_official_https("https://event.rakuten.co.jp/guide/"));
        assert!(!d.is_official_https("http://event.rakuten.co.jp/guide/"));
        assert!(!d.is_official_https("https://rakuten.co.jp@evil.example/"));
        assert!(!d.is_official_https("https://rakuten.co.jp.evil.example/"));
        assert!(!d.is_official_https("javascript:alert(1)"));
    }

    #[test]
    fn public_suffixes_are_not_official_domains() {
        assert!(normalise_domain("co.jp").is_err());
        assert!(normalise_domain("jp").is_err());
        assert!(normalise_domain("127.0.0.1").is_err());
        assert_eq!(normalise_domain("Rakuten.CO.jp").unwrap(), "rakuten.co.jp");
    }
}
