//! Attachments: files that came with the ticket. In plain text, Markdown and
//! HTML images in the author's own words count as attached images.

use std::sync::LazyLock;

use regex::Regex;
use serde::Serialize;

use super::{Region, RegionKind};
use crate::diagnostic::Span;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Attachment {
    pub name: String,
    pub content_type: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub size: Option<u64>,
    /// Where the text refers to it (a Markdown image), if it does.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub span: Option<Span>,
}

impl Attachment {
    pub fn is_image(&self) -> bool {
        self.content_type.starts_with("image/")
    }
}

static IMAGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"(?i)!\[[^\]\n]*\]\(\s*<?([^)\s>]+)>?[^)\n]*\)|<img(?-u:\b)[^>]*?(?-u:\b)src\s*=\s*["']?([^"'\s>]+)"#,
    )
    .unwrap()
});

/// The content type for a file name, from its extension.
pub fn content_type_for(name: &str) -> &'static str {
    let ext = name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "bmp" => "image/bmp",
        "svg" => "image/svg+xml",
        "heic" => "image/heic",
        "tif" | "tiff" => "image/tiff",
        "pdf" => "application/pdf",
        "doc" => "application/msword",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xls" => "application/vnd.ms-excel",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "txt" | "log" => "text/plain",
        "zip" => "application/zip",
        _ => "application/octet-stream",
    }
}

/// Images embedded in the author's own text.
pub(super) fn find(text: &str, regions: &[Region]) -> Vec<Attachment> {
    let mut found = Vec::new();
    for region in regions.iter().filter(|r| r.kind == RegionKind::Own) {
        let slice = region.span.slice(text);
        for c in IMAGE.captures_iter(slice) {
            let whole = c.get(0).unwrap();
            let target = c.get(1).or(c.get(2)).unwrap().as_str();
            let name = target
                .split(['?', '#'])
                .next()
                .unwrap_or(target)
                .rsplit('/')
                .next()
                .unwrap_or(target)
                .to_string();
            // A Markdown or HTML image is an image whatever its URL says.
            let content_type = match content_type_for(&name) {
                t if t.starts_with("image/") => t,
                _ => "image/*",
            };
            found.push(Attachment {
                name,
                content_type: content_type.to_string(),
                size: None,
                span: Some(Span::new(
                    region.span.start + whole.start(),
                    region.span.start + whole.end(),
                )),
            });
        }
    }
    found
}

/// Compiles this module's patterns now rather than at first use.
pub(crate) fn compile_patterns() {
    LazyLock::force(&IMAGE);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::Packs;
    use crate::ticket::{ParseOptions, Ticket};

    fn attachments(text: &str) -> Vec<Attachment> {
        Ticket::parse(text, Packs::embedded(), &ParseOptions::default()).attachments
    }

    #[test]
    fn markdown_and_html_images_are_attached_images() {
        let a = attachments("See ![error](shots/err.PNG) and <img src=\"https://x.io/a.jpg?x=1\">");
        assert_eq!(a.len(), 2);
        assert_eq!(
            (a[0].name.as_str(), a[0].content_type.as_str()),
            ("err.PNG", "image/png")
        );
        assert_eq!(
            (a[1].name.as_str(), a[1].content_type.as_str()),
            ("a.jpg", "image/jpeg")
        );
        assert!(a.iter().all(Attachment::is_image));
    }

    #[test]
    fn images_in_quoted_mail_are_not_this_tickets_attachments() {
        assert!(attachments("ok\n> ![old](old.png)\n").is_empty());
    }
}
