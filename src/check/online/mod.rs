//! Online check (`check --online`): fetch each cited official page and report what no offline
//! rule can see: unreachable pages, HTTP errors, redirects off the official domains, pages that
//! refuse automated checks (unverified), and a page that no longer shows the window's phone
//! number or the source's title. Never part of `build`. The editor's monthly round adds a
//! cache of pages checked OK lately (`cache`) and a report of every page (`report`).

mod cache;
mod page_text;
pub mod report;
pub mod round;

use std::collections::HashMap;
use std::io::Read;
use std::net::{SocketAddr, ToSocketAddrs};
use std::path::PathBuf;
use std::rc::Rc;
use std::sync::Arc;
use std::time::{Duration, Instant};

use url::Url;

use super::published::{unvetted_numbers, Place, VettedNumbers};
use crate::check::OfficialDomains;
use crate::date::Date;
use crate::diagnostic::Diagnostic;
use crate::model::{span_of, Channel, Site, Text};
use crate::phone::canonical;
use cache::{Cache, CachedPage};
use report::{PageCheck, Status};

/// Sent with every request, so a site's operators can see who is fetching and why.
pub const USER_AGENT: &str = concat!(
    "madoguchi/",
    env!("CARGO_PKG_VERSION"),
    " (checks the official pages a contact guide cites; one request at a time)"
);
const TIMEOUT: Duration = Duration::from_secs(20);
const MAX_REDIRECTS: usize = 5;
/// Pages are read up to this size; a phone number further down is not looked for.
const MAX_PAGE_BYTES: u64 = 4 * 1024 * 1024;

pub struct OnlineOptions {
    /// `HOST` → address to connect to instead of asking DNS (like curl's `--resolve`).
    pub resolve: Vec<(String, SocketAddr)>,
    /// Extra trusted root certificates (PEM), besides the public web roots.
    pub ca_cert: Option<PathBuf>,
    /// Pause between two requests to the same host.
    pub pause: Duration,
    /// `--cache FILE`: pages checked OK fewer than `max_age_days` ago are not fetched again.
    pub cache: Option<PathBuf>,
    pub max_age_days: u32,
    /// `--report FILE` (`.json` or `.md`).
    pub report: Option<PathBuf>,
}

/// `HOST:ADDR:PORT` (or `HOST:[V6]:PORT`) → (host, socket address).
pub fn parse_resolve(arg: &str) -> Result<(String, SocketAddr), String> {
    let (host, addr) = arg
        .split_once(':')
        .ok_or_else(|| format!("`{arg}` is not HOST:ADDR:PORT"))?;
    let addr: SocketAddr = addr
        .parse()
        .map_err(|_| format!("`{addr}` in `{arg}` is not an IP address with a port"))?;
    Ok((host.to_ascii_lowercase(), addr))
}

/// Why a page could not be checked.
#[derive(Clone)]
enum Failure {
    Unreachable(String),
    Status(u16),
    LeftOfficial(String),
    TooManyRedirects,
}

impl Failure {
    /// HTTP 403 and 429 are how sites turn away programs: the page may well be fine.
    fn status(&self) -> (Status, Option<u16>) {
        match self {
            Failure::Status(code @ (403 | 429)) => (Status::Unverified, Some(*code)),
            Failure::Status(code) => (Status::Broken, Some(*code)),
            Failure::LeftOfficial(_) | Failure::TooManyRedirects => (Status::Broken, None),
            Failure::Unreachable(_) => (Status::Unreachable, None),
        }
    }
}

/// A page as fetched: its text, and where its redirects ended.
struct Page {
    body: String,
    status: u16,
    final_url: String,
}

/// What a round found: the diagnostics, every page's result (for `--report`), and the cache
/// to write back (for `--cache`).
pub struct OnlineRound {
    pub found: Vec<Diagnostic>,
    pub pages: Vec<PageCheck>,
    pub cache: Option<(PathBuf, String)>,
    /// The day of the round, `YYYY-MM-DD`.
    pub day: String,
}

/// Fetches every source page (and channel entry page) once, politely, and checks it.
pub fn check_online(
    site: &Site,
    options: &OnlineOptions,
) -> Result<OnlineRound, crate::diagnostic::Failure> {
    let cache = options
        .cache
        .as_deref()
        .map(Cache::load)
        .unwrap_or_default();
    let mut round = Round {
        site,
        domains: OfficialDomains::from_guide(&site.guide),
        fetcher: Fetcher::new(options)?,
        cache,
        today: Date::today(),
        // A cache is a file anyone can edit: it never vouches for longer than a source may go
        // unchecked.
        max_age_days: options.max_age_days.min(site.guide.max_source_age_days()),
        found: Vec::new(),
        pages: Vec::new(),
    };
    for channel in &site.guide.channels {
        round.check_page(channel, "source", &channel.source.url);
        if let Some(entry) = &channel.url {
            round.check_page(channel, "entry", entry);
        }
    }
    Ok(OnlineRound {
        cache: (options.cache.clone()).map(|path| (path, round.cache.to_json())),
        found: round.found,
        pages: round.pages,
        day: round.today.to_string(),
    })
}

/// One round's state: the client, the cache, and what was found so far.
struct Round<'s> {
    site: &'s Site,
    domains: OfficialDomains,
    fetcher: Fetcher,
    cache: Cache,
    today: Date,
    max_age_days: u32,
    found: Vec<Diagnostic>,
    pages: Vec<PageCheck>,
}

impl Round<'_> {
    /// Checks one page of `channel` (`source` or `entry`), unless the cache has it fresh.
    fn check_page(&mut self, channel: &Channel, page: &'static str, url: &Text) {
        let source = page == "source";
        let wanted = CachedPage {
            window: channel.id.value.clone(),
            page: page.into(),
            url: url.value.clone(),
            phone: (channel.phone.as_ref())
                .filter(|_| source)
                .map(|p| p.value.clone()),
            title: source.then(|| channel.source.title.value.clone()),
            checked: self.today.to_string(),
            final_url: String::new(),
        };
        let mut check = PageCheck {
            window: wanted.window.clone(),
            page,
            url: wanted.url.clone(),
            status: Status::Ok,
            http: None,
            final_url: None,
            phone: wanted.phone.clone(),
            phone_found: None,
            title: wanted.title.clone(),
            title_found: None,
            cached: None,
            problem: None,
        };
        let fresh = (self.cache.fresh(&wanted, self.today, self.max_age_days))
            // Where the page ended up is vetted again, as a fetch would vet it.
            .filter(|entry| self.domains.is_official_https(&entry.final_url));
        if let Some(fresh) = fresh {
            let fresh = fresh.clone();
            check.final_url = Some(fresh.final_url.clone());
            check.phone_found = check.phone.as_ref().map(|_| true);
            check.title_found = check.title.as_ref().map(|_| true);
            check.cached = Some(fresh.checked.clone());
            self.cache.keep(fresh);
            self.pages.push(check);
            return;
        }
        match self.fetcher.fetch(&url.value, &self.domains) {
            Ok(fetched) => {
                check.http = Some(fetched.status);
                check.final_url = Some(fetched.final_url.clone());
                self.read_page(channel, &fetched, &mut check);
                if check.phone_found != Some(false) && check.title_found != Some(false) {
                    self.cache.keep(CachedPage {
                        final_url: fetched.final_url.clone(),
                        ..wanted
                    });
                }
            }
            Err(failure) => {
                (check.status, check.http) = failure.status();
                let d = failure_diagnostic(self.site, channel, url, failure);
                check.problem = Some(d.message.clone());
                self.found.push(d);
            }
        }
        self.pages.push(check);
    }

    /// Whether the page shows what the check expects of it; a warning for each thing it does not.
    fn read_page(&mut self, channel: &Channel, fetched: &Page, check: &mut PageCheck) {
        if let Some(phone) = &channel.phone.as_ref().filter(|_| check.phone.is_some()) {
            let shown = phone_shown(&fetched.body, &phone.value);
            check.phone_found = Some(shown);
            if !shown {
                self.found.push(phone_missing(self.site, channel, phone));
            }
        }
        if check.title.is_some() {
            let text = page_text::visible_text(&fetched.body);
            let shown = page_text::shows_title(&text, &channel.source.title.value);
            check.title_found = Some(shown);
            if !shown {
                self.found
                    .push(title_missing(self.site, channel, &fetched.final_url));
            }
        }
    }
}

fn failure_diagnostic(site: &Site, channel: &Channel, url: &Text, failure: Failure) -> Diagnostic {
    let id = &channel.id.value;
    let at = |d: Diagnostic| d.at(&site.guide_file, span_of(url, 0));
    match failure {
        Failure::Unreachable(why) => at(Diagnostic::warning(format!(
            "the page cited for `{id}` could not be reached: {why}"
        )))
        .label("unreachable")
        .help("open it in a browser; if it is gone, cite the current official page"),
        Failure::Status(code @ (403 | 429)) => at(Diagnostic::warning(format!(
            "the page cited for `{id}` is unverified: its site answered HTTP {code} to an automated check"
        )))
        .label(format!("unverified (HTTP {code})"))
        .help(format!(
            "many sites turn programs away (403 Forbidden, 429 Too Many Requests), so this says nothing of the page: open {} in a browser, compare the window's details with it by hand, and update `checked`{}",
            url.value,
            if code == 429 { "; a longer --pause-ms asks less often" } else { "" }
        )),
        Failure::Status(code) => at(Diagnostic::error(format!(
            "the page cited for `{id}` answers HTTP {code}"
        )))
        .label(format!("HTTP {code}"))
        .help("cite the current official page, and check the channel's details on it"),
        Failure::LeftOfficial(target) => at(Diagnostic::error(format!(
            "the page cited for `{id}` redirects off the official domains, to `{target}`"
        )))
        .label("redirects elsewhere")
        .help("a cited page must stay on an official https domain: find the current official page"),
        Failure::TooManyRedirects => at(Diagnostic::error(format!(
            "the page cited for `{id}` redirects more than {MAX_REDIRECTS} times"
        )))
        .label("too many redirects")
        .help("cite the page the redirects end at"),
    }
}

/// Whether `page` shows `phone` as a reader reads it (the same reading as the scan of our own
/// pages): a number only in a comment, a script or a `<meta>` is not shown; short numbers count.
fn phone_shown(page: &str, phone: &str) -> bool {
    let wanted = canonical(phone);
    unvetted_numbers(page.as_bytes(), &VettedNumbers::default())
        .into_iter()
        .filter(|n| n.place != Place::Attribute("content"))
        .any(|n| n.canonical == wanted)
}

/// The channel has a `phone` and its source page does not show that number.
fn phone_missing(site: &Site, channel: &Channel, phone: &Text) -> Diagnostic {
    Diagnostic::warning(format!(
        "the phone number of `{}` does not appear on its source page",
        channel.id.value
    ))
    .at(&site.guide_file, span_of(phone, 0))
    .label("not found on the cited page")
    .help(format!(
        "open {} and compare the number; if it changed, update `phone` and `checked`",
        channel.source.url.value
    ))
}

/// The source page answered, but not with the page its `title` names: it was replaced, or
/// redirected to a top page.
fn title_missing(site: &Site, channel: &Channel, final_url: &str) -> Diagnostic {
    let source = &channel.source;
    Diagnostic::warning(format!(
        "the source page of `{}` does not show its title `{}`",
        channel.id.value, source.title.value
    ))
    .at(&site.guide_file, span_of(&source.title, 0))
    .label("not on the page")
    .help(format!(
        "the page may have been replaced or moved (its redirects end at {final_url}): open it, find the current official page, and update `url`, `title` and `checked`"
    ))
}

/// One HTTP client; remembers pages already fetched and when each host was last asked.
struct Fetcher {
    agent: ureq::Agent,
    pause: Duration,
    last_request: HashMap<String, Instant>,
    pages: HashMap<String, Result<Rc<Page>, Failure>>,
}

impl Fetcher {
    fn new(options: &OnlineOptions) -> Result<Self, crate::diagnostic::Failure> {
        let resolve = options.resolve.clone();
        let agent = ureq::AgentBuilder::new()
            .user_agent(USER_AGENT)
            .timeout(TIMEOUT)
            .redirects(0)
            .tls_config(Arc::new(tls_config(options)?))
            .resolver(move |netloc: &str| resolve_netloc(&resolve, netloc))
            .build();
        Ok(Fetcher {
            agent,
            pause: options.pause,
            last_request: HashMap::new(),
            pages: HashMap::new(),
        })
    }

    /// The body of `url` after redirects that stay on official https domains; each URL is
    /// fetched once per run, however many channels cite it.
    fn fetch(&mut self, url: &str, domains: &OfficialDomains) -> Result<Rc<Page>, Failure> {
        if let Some(done) = self.pages.get(url) {
            return done.clone();
        }
        let result = self.fetch_following(url, domains);
        self.pages.insert(url.to_owned(), result.clone());
        result
    }

    fn fetch_following(
        &mut self,
        url: &str,
        domains: &OfficialDomains,
    ) -> Result<Rc<Page>, Failure> {
        let mut current = url.to_owned();
        for _ in 0..=MAX_REDIRECTS {
            self.wait_for_host(&current);
            let response = match self.agent.get(&current).call() {
                Ok(response) => response,
                Err(ureq::Error::Status(code, _)) => return Err(Failure::Status(code)),
                Err(e) => return Err(Failure::Unreachable(transport_message(&e))),
            };
            if (300..400).contains(&response.status()) {
                let next = response
                    .header("location")
                    .and_then(|l| Url::parse(&current).ok()?.join(l).ok())
                    .map(String::from)
                    .ok_or(Failure::Unreachable(
                        "a redirect without a usable Location".into(),
                    ))?;
                if !domains.is_official_https(&next) {
                    return Err(Failure::LeftOfficial(next));
                }
                current = next;
                continue;
            }
            let status = response.status();
            let declared = response.header("content-type").map(str::to_owned);
            let mut body = Vec::new();
            response
                .into_reader()
                .take(MAX_PAGE_BYTES)
                .read_to_end(&mut body)
                .map_err(|e| Failure::Unreachable(format!("reading the page failed: {e}")))?;
            return Ok(Rc::new(Page {
                body: page_text::decode(&body, declared.as_deref()),
                status,
                final_url: current,
            }));
        }
        Err(Failure::TooManyRedirects)
    }

    /// One request at a time per host, with a pause between them.
    fn wait_for_host(&mut self, url: &str) {
        let host = Url::parse(url)
            .ok()
            .and_then(|u| u.host_str().map(str::to_owned))
            .unwrap_or_default();
        if let Some(last) = self.last_request.get(&host) {
            let since = last.elapsed();
            if since < self.pause {
                std::thread::sleep(self.pause - since);
            }
        }
        self.last_request.insert(host, Instant::now());
    }
}

/// The transport error and its causes (the useful part, e.g. a certificate problem, is a cause).
fn transport_message(e: &ureq::Error) -> String {
    let mut text = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        let cause = s.to_string();
        if !text.contains(&cause) {
            text.push_str(&format!(": {cause}"));
        }
        source = s.source();
    }
    text
}

fn resolve_netloc(
    resolve: &[(String, SocketAddr)],
    netloc: &str,
) -> std::io::Result<Vec<SocketAddr>> {
    let host = netloc
        .rsplit_once(':')
        .map_or(netloc, |(h, _)| h)
        .to_ascii_lowercase();
    match resolve.iter().find(|(h, _)| *h == host) {
        Some((_, addr)) => Ok(vec![*addr]),
        None => netloc.to_socket_addrs().map(Iterator::collect),
    }
}

fn tls_config(options: &OnlineOptions) -> Result<rustls::ClientConfig, crate::diagnostic::Failure> {
    use crate::diagnostic::Failure as Failed;
    use rustls_pki_types::pem::PemObject;
    use rustls_pki_types::CertificateDer;
    let mut roots = rustls::RootCertStore::empty();
    roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
    if let Some(path) = &options.ca_cert {
        let certs =
            CertificateDer::pem_file_iter(path).map_err(|e| Failed::new("read", path, e))?;
        for cert in certs {
            let cert = cert.map_err(|e| Failed::new("read a certificate from", path, e))?;
            roots
                .add(cert)
                .map_err(|e| Failed::new("trust the certificate in", path, e))?;
        }
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    Ok(rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| Failed::new("set up TLS for", "check --online", e))?
        .with_root_certificates(roots)
        .with_no_client_auth())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolve_arguments_parse() {
        let (host, addr) = parse_resolve("www.Example.jp:127.0.0.1:8443").unwrap();
        assert_eq!(host, "www.example.jp");
        assert_eq!(addr, "127.0.0.1:8443".parse().unwrap());
        assert!(parse_resolve("www.example.jp:[::1]:443").is_ok());
        assert!(parse_resolve("www.example.jp").is_err());
        assert!(parse_resolve("www.example.jp:localhost:443").is_err());
    }

    #[test]
    fn numbers_split_by_tags_are_found() {
        let page = "お電話：<b>０１２０</b>－１２３－<span>４５６</span>";
        let numbers = unvetted_numbers(page.as_bytes(), &VettedNumbers::default());
        assert_eq!(numbers[0].canonical, "0120123456");
    }
}
