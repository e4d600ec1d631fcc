//! The webhook URL a developer registers at the provider.

/// Joins a public URL (the tunnel's, or one entered by hand) and the path the
/// developer registers at the provider (`/webhooks/self`), with exactly one
/// slash between them. Surrounding spaces are dropped and a bare host gets
/// `https://`. An empty path gives the public URL with a trailing slash.
pub fn webhook_url(public_url: &str, path: &str) -> String {
    let base = public_url.trim().trim_end_matches('/');
    let base = if base.contains("://") { base.to_owned() } else { format!("https://{base}") };
    let path = path.trim().trim_start_matches('/');
    format!("{base}/{path}")
}

#[cfg(test)]
mod tests {
    use super::webhook_url;

    #[test]
    fn joins_with_one_slash() {
        let want = "https://abc.ngrok.app/webhooks/self";
        for (base, path) in [
            ("https://abc.ngrok.app", "/webhooks/self"),
            ("https://abc.ngrok.app/", "/webhooks/self"),
            ("https://abc.ngrok.app//", "//webhooks/self"),
            ("https://abc.ngrok.app", "webhooks/self"),
            ("  https://abc.ngrok.app/ ", " /webhooks/self "),
        ] {
            assert_eq!(webhook_url(base, path), want, "{base:?} + {path:?}");
        }
    }

    #[test]
    fn empty_paths_and_bare_hosts() {
        assert_eq!(webhook_url("https://abc.ngrok.app", ""), "https://abc.ngrok.app/");
        assert_eq!(webhook_url("https://abc.ngrok.app/", "/"), "https://abc.ngrok.app/");
        assert_eq!(webhook_url("abc.ngrok.app", "/hook"), "https://abc.ngrok.app/hook");
        assert_eq!(webhook_url("http://localhost:3000", "/hook"), "http://localhost:3000/hook");
    }

    #[test]
    fn keeps_base_paths_queries_and_inner_slashes() {
        assert_eq!(webhook_url("https://proxy.example.com/hooks/", "/self"), "https://proxy.example.com/hooks/self");
        assert_eq!(webhook_url("https://a.ngrok.app", "/w/a//b?env=test"), "https://a.ngrok.app/w/a//b?env=test");
    }
}
