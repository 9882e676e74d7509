//! The settings of `apigen fetch pages` kept in a small YAML file (a
//! vendor's menu and link filter, checked in beside its overlay), which
//! command-line flags override.
//!
//! ```yaml
//! menu: https://www.zoho.com/crm/developer/docs/api/v7/
//! link_prefix: https://www.zoho.com/crm/developer/docs/api/v7/
//! link_pattern: '\.html$'
//! out: pages/zoho-crm
//! delay: 2
//! ```

use std::path::{Path, PathBuf};
use std::time::Duration;

use regex::Regex;
use serde::Deserialize;
use url::Url;

use super::{FetchOptions, LinkFilter, Source};

/// What to fetch, as a config file or the command line says it.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FetchConfig {
    /// The menu page whose links are the pages.
    pub menu: Option<String>,
    /// The prefix the menu's links must start with (by default the menu's
    /// own directory, when no pattern is given either).
    pub link_prefix: Option<String>,
    /// A regular expression the menu's links must match.
    pub link_pattern: Option<String>,
    /// The pages, instead of a menu.
    #[serde(default)]
    pub urls: Vec<String>,
    /// A file listing the pages, one URL a line (`#` starts a comment);
    /// relative to the config file's folder.
    pub urls_file: Option<PathBuf>,
    /// The folder the pages go to; relative to the config file's folder.
    pub out: Option<PathBuf>,
    /// Seconds between two requests (default 1).
    pub delay: Option<f64>,
    /// The largest page saved, in bytes (default 5 MiB).
    pub max_page_size: Option<u64>,
    /// The most pages a run fetches (default 2000).
    pub max_pages: Option<usize>,
    /// Seconds one request may take (default 30).
    pub timeout: Option<f64>,
    /// The most redirects followed for a page (default 5).
    pub max_redirects: Option<usize>,
    /// The User-Agent (by default apigen and its version).
    pub user_agent: Option<String>,
}

impl FetchConfig {
    /// Reads a config file; its relative paths are made relative to its folder.
    pub fn load(path: &Path) -> Result<Self, String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let mut config: Self =
            serde_yaml::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
        let dir = path.parent().unwrap_or(Path::new(""));
        for p in [&mut config.urls_file, &mut config.out]
            .into_iter()
            .flatten()
        {
            if p.is_relative() {
                *p = dir.join(&*p);
            }
        }
        Ok(config)
    }

    /// The options these settings make, the others at their defaults.
    pub fn options(&self) -> Result<FetchOptions, String> {
        let out = self
            .out
            .clone()
            .ok_or("no output folder: give --out (or `out:` in the config)")?;
        let listed = !self.urls.is_empty() || self.urls_file.is_some();
        let source = match (&self.menu, listed) {
            (Some(_), true) => return Err("give a menu or a list of URLs, not both".into()),
            (None, false) => return Err("nothing to fetch: give --menu URL or --urls FILE".into()),
            (Some(menu), false) => {
                let url = parse_url(menu)?;
                let pattern = self
                    .link_pattern
                    .as_deref()
                    .map(|p| Regex::new(p).map_err(|e| format!("link pattern: {e}")))
                    .transpose()?;
                let prefix = match (&self.link_prefix, &pattern) {
                    (Some(p), _) => Some(p.clone()),
                    // Neither: the pages are the links below the menu's folder.
                    (None, None) => {
                        let s = url.as_str();
                        let end = s.rfind('/').map_or(s.len(), |i| i + 1);
                        Some(s[..end].to_owned())
                    }
                    (None, Some(_)) => None,
                };
                Source::Menu {
                    url,
                    filter: LinkFilter { prefix, pattern },
                }
            }
            (None, true) => {
                let mut urls = self
                    .urls
                    .iter()
                    .map(|u| parse_url(u))
                    .collect::<Result<Vec<_>, _>>()?;
                if let Some(file) = &self.urls_file {
                    let text = std::fs::read_to_string(file)
                        .map_err(|e| format!("{}: {e}", file.display()))?;
                    urls.extend(
                        read_url_list(&text).map_err(|e| format!("{}: {e}", file.display()))?,
                    );
                }
                Source::Urls(urls)
            }
        };
        let mut options = FetchOptions::new(source, out);
        if let Some(d) = self.delay {
            options.delay = seconds(d, "delay")?;
        }
        if let Some(t) = self.timeout {
            options.timeout = seconds(t, "timeout")?;
        }
        if let Some(n) = self.max_page_size {
            options.max_page_bytes = n;
        }
        if let Some(n) = self.max_pages {
            options.max_pages = n;
        }
        if let Some(n) = self.max_redirects {
            options.max_redirects = n;
        }
        if let Some(ua) = &self.user_agent {
            options.user_agent = ua.clone();
        }
        Ok(options)
    }
}

fn seconds(value: f64, what: &str) -> Result<Duration, String> {
    Duration::try_from_secs_f64(value)
        .map_err(|_| format!("{what}: {value} is not a number of seconds"))
}

fn parse_url(text: &str) -> Result<Url, String> {
    let url = Url::parse(text.trim()).map_err(|e| format!("{text}: {e}"))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(format!("{text}: not an http or https URL"));
    }
    Ok(url)
}

/// The URLs of a list: one a line; blank lines and lines starting with `#`
/// are left out.
pub fn read_url_list(text: &str) -> Result<Vec<Url>, String> {
    text.lines()
        .map(str::trim)
        .enumerate()
        .filter(|(_, l)| !l.is_empty() && !l.starts_with('#'))
        .map(|(i, l)| parse_url(l).map_err(|e| format!("line {}: {e}", i + 1)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_config_file_names_the_menu_and_its_filter() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("fetch.yaml");
        std::fs::write(
            &path,
            "menu: https://d.example/docs/api/v7/index.html\nlink_pattern: '\\.html$'\nout: pages\ndelay: 0.5\nmax_pages: 10\n",
        )
        .unwrap();
        let options = FetchConfig::load(&path).unwrap().options().unwrap();
        assert_eq!(options.out, dir.path().join("pages"));
        assert_eq!(options.delay, Duration::from_millis(500));
        assert_eq!(options.max_pages, 10);
        let Source::Menu { url, filter } = &options.source else {
            panic!("a menu")
        };
        assert_eq!(url.as_str(), "https://d.example/docs/api/v7/index.html");
        assert_eq!(filter.prefix, None);
        assert_eq!(filter.pattern.as_ref().unwrap().as_str(), "\\.html$");

        std::fs::write(&path, "menu: https://d.example/x\nout: o\nlinks: 3\n").unwrap();
        let error = FetchConfig::load(&path).unwrap_err();
        assert!(error.contains("unknown field `links`"), "{error}");
    }

    #[test]
    fn a_menu_alone_keeps_the_links_below_its_folder() {
        let config = FetchConfig {
            menu: Some("https://d.example/docs/api/menu.html".into()),
            out: Some("o".into()),
            ..Default::default()
        };
        let Source::Menu { filter, .. } = config.options().unwrap().source else {
            panic!("a menu")
        };
        assert_eq!(
            filter.prefix.as_deref(),
            Some("https://d.example/docs/api/")
        );
    }

    #[test]
    fn settings_that_cannot_work_are_refused() {
        let base = FetchConfig {
            out: Some("o".into()),
            ..Default::default()
        };
        assert!(base.options().unwrap_err().contains("nothing to fetch"));
        let both = FetchConfig {
            menu: Some("https://d.example/".into()),
            urls: vec!["https://d.example/a".into()],
            ..base.clone()
        };
        assert!(both.options().unwrap_err().contains("not both"));
        let ftp = FetchConfig {
            urls: vec!["ftp://d.example/a".into()],
            ..base.clone()
        };
        assert!(ftp
            .options()
            .unwrap_err()
            .contains("not an http or https URL"));
        let delay = FetchConfig {
            urls: vec!["https://d.example/a".into()],
            delay: Some(-1.0),
            ..base
        };
        assert!(delay.options().unwrap_err().contains("delay"));
        assert_eq!(
            read_url_list("# pages\nhttps://d.example/a\n\n  https://d.example/b  \n")
                .unwrap()
                .len(),
            2
        );
        assert!(read_url_list("https://d.example/a\nnot a url\n")
            .unwrap_err()
            .starts_with("line 2:"));
    }
}
