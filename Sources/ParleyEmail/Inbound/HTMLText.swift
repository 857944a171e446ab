/// A rough plain-text view of an HTML body, for messages that arrive without a plain-text part: scripts and
/// styles dropped, block ends and `<br>` as line breaks, other tags removed, common entities decoded.
enum HTMLText {
    /// The text in `html`.
    static func plainText(from html: String) -> String {
        var text = html.replacing(#/(?is)<(script|style)\b.*?</\1\s*>/#, with: "")
        text = text.replacing(#/(?i)<br\s*/?>|</(p|div|li|tr|h[1-6]|blockquote)\s*>/#, with: "\n")
        text = text.replacing(#/(?s)<[^>]*>/#, with: "")
        text = text.replacing(#/&#(\d+);/#) { match in
            UInt32(match.output.1).flatMap(Unicode.Scalar.init).map { String(Character($0)) } ?? ""
        }
        // `&amp;` last, so that `&amp;lt;` stays the text `&lt;`.
        let entities = [("&nbsp;", " "), ("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'"), ("&apos;", "'"), ("&amp;", "&")]
        for (entity, replacement) in entities { text = text.replacing(entity, with: replacement) }
        return text.trimmingSpaces()
    }
}
