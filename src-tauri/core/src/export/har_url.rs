//! A HAR request needs an absolute URL; Hookscope records the request target
//! (path and query). The host comes from the `host` header, the scheme from a
//! tunnel's `x-forwarded-proto`; the exact target is kept beside it.

use super::har::NameValue;

/// The absolute URL for a request target, and its query string parsed.
pub(crate) fn absolute(target: &str, headers: &[(String, String)]) -> (String, Vec<NameValue>) {
    let header = |name: &str| headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.trim());
    // A client that used absolute-form sent the whole URL already.
    let whole = url::Url::parse(target).ok().filter(|u| u.has_host() && matches!(u.scheme(), "http" | "https"));
    let scheme = match header("x-forwarded-proto").and_then(|v| v.split(',').next()).map(str::trim) {
        Some("https") => "https",
        _ => "http",
    };
    let path = if target.starts_with('/') { target.to_owned() } else { format!("/{target}") };
    let url = whole
        .or_else(|| {
            let host = header("host").filter(|h| !h.is_empty())?;
            url::Url::parse(&format!("{scheme}://{host}{path}")).ok()
        })
        .or_else(|| url::Url::parse(&format!("{scheme}://localhost{path}")).ok());
    match url {
        Some(url) => {
            let query = url.query_pairs().map(|(n, v)| NameValue { name: n.into_owned(), value: v.into_owned() });
            let query = query.collect();
            (url.to_string(), query)
        }
        None => ("http://localhost/".to_owned(), Vec::new()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs.iter().map(|(n, v)| (n.to_string(), v.to_string())).collect()
    }

    #[test]
    fn host_header_and_forwarded_scheme_make_the_url() {
        let (url, query) = absolute(
            "/webhooks/self?a=1&b=%2F&c=x+y",
            &headers(&[("host", "abc.ngrok.app"), ("x-forwarded-proto", "https")]),
        );
        assert_eq!(url, "https://abc.ngrok.app/webhooks/self?a=1&b=%2F&c=x+y");
        let pairs: Vec<(&str, &str)> = query.iter().map(|p| (p.name.as_str(), p.value.as_str())).collect();
        assert_eq!(pairs, [("a", "1"), ("b", "/"), ("c", "x y")]);
        let (url, query) = absolute("/p", &headers(&[("Host", "127.0.0.1:8790")]));
        assert_eq!(url, "http://127.0.0.1:8790/p");
        assert!(query.is_empty());
    }

    #[test]
    fn without_a_usable_host_the_url_is_on_localhost() {
        assert_eq!(absolute("/p?q", &[]).0, "http://localhost/p?q");
        assert_eq!(absolute("/p", &headers(&[("host", "bad host/")])).0, "http://localhost/p");
        assert_eq!(absolute("*", &[]).0, "http://localhost/*");
    }

    #[test]
    fn an_absolute_form_target_is_used_as_is() {
        let (url, _) = absolute("http://example.test:8080/p?q=1", &headers(&[("host", "other")]));
        assert_eq!(url, "http://example.test:8080/p?q=1");
    }
}
