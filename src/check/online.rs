//! Online check (`check --online`): fetch each cited official page and report what no offline
//! rule can see: unreachable pages, HTTP errors, redirects off the official domains, and a
//! channel's phone number missing from the page that is cited for it. Never part of `build`.

use std::collections::HashMap;
use std::io::Read;
use std::net::{SocketAddr, ToSocketAddrs};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use url::Url;

use super::published::{unvetted_numbers, Place, VettedNumbers};
use crate::check::OfficialDomains;
use crate::diagnostic::Diagnostic;
use crate::model::{span_of, Channel, Site, Text};
use crate::phone::canonical;

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

/// Fetches every source page (and channel entry page) once, politely, and checks it.
pub fn check_online(
    site: &Site,
    options: &OnlineOptions,
) -> Result<Vec<Diagnostic>, crate::diagnostic::Failure> {
    let domains = OfficialDomains::from_guide(&site.guide);
    let mut fetcher = Fetcher::new(options)?;
    let mut found = Vec::new();
    for channel in &site.guide.channels {
        let source = &channel.source.url;
        match fetcher.fetch(&source.value, &domains) {
            Ok(page) => {
                if let Some(d) = phone_missing(site, channel, &page) {
                    found.push(d);
                }
            }
            Err(failure) => found.push(failure_diagnostic(site, channel, source, failure)),
        }
        if let Some(entry) = &channel.url {
            if let Err(failure) = fetcher.fetch(&entry.value, &domains) {
                found.push(failure_diagnostic(site, channel, entry, failure));
            }
        }
    }
    Ok(found)
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

/// A warning when the channel has a `phone` and its source page does not show that number.
fn phone_missing(site: &Site, channel: &Channel, page: &str) -> Option<Diagnostic> {
    let phone = channel.phone.as_ref()?;
    let wanted = canonical(&phone.value);
    // The page read as a reader reads it (the same reading as the scan of our own pages): a
    // number only in a comment, a script or a `<meta>` is not shown; short numbers count.
    let shown = unvetted_numbers(page.as_bytes(), &VettedNumbers::default())
        .into_iter()
        .filter(|n| n.place != Place::Attribute("content"))
        .any(|n| n.canonical == wanted);
    if shown {
        return None;
    }
    let d = Diagnostic::warning(format!(
        "the phone number of `{}` does not appear on its source page",
        channel.id.value
    ))
    .at(&site.guide_file, span_of(phone, 0))
    .label("not found on the cited page")
    .help(format!(
        "open {} and compare the number; if it changed, update `phone` and `checked`",
        channel.source.url.value
    ));
    Some(d)
}

/// One HTTP client; remembers pages already fetched and when each host was last asked.
struct Fetcher {
    agent: ureq::Agent,
    pause: Duration,
    last_request: HashMap<String, Instant>,
    pages: HashMap<String, Result<String, Failure>>,
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
    fn fetch(&mut self, url: &str, domains: &OfficialDomains) -> Result<String, Failure> {
        if let Some(done) = self.pages.get(url) {
            return done.clone();
        }
        let result = self.fetch_following(url, domains);
        self.pages.insert(url.to_owned(), result.clone());
        result
    }

    fn fetch_following(&mut self, url: &str, domains: &OfficialDomains) -> Result<String, Failure> {
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
            let mut body = Vec::new();
            response
                .into_reader()
                .take(MAX_PAGE_BYTES)
                .read_to_end(&mut body)
                .map_err(|e| Failure::Unreachable(format!("reading the page failed: {e}")))?;
            return Ok(String::from_utf8_lossy(&body).into_owned());
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
