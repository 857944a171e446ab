import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// What the client needs from a WebDAV `multistatus` answer (RFC 4918 §13): per response, its href, the resource
/// types and the calendar data of its successful propstats. Elements are matched by namespace and local name, never
/// by prefix, so `D:`, `d:`, a default namespace or any other prefix a server picks all read the same.
struct CalDAVMultistatus: Sendable, Equatable {
    /// One `DAV:response` element.
    struct Response: Sendable, Equatable {
        /// The text of its `DAV:href`.
        var href: String = ""
        /// The child elements of `DAV:resourcetype` in its successful propstats.
        var resourceTypes: Set<XMLName> = []
        /// The text of each `C:calendar-data` in its successful propstats, with XML entities already resolved.
        var calendarData: [String] = []
    }

    /// An element name: namespace URI and local name.
    struct XMLName: Sendable, Hashable {
        /// The namespace URI, e.g. `DAV:`; empty for an element in no namespace.
        var namespace: String
        /// The name without prefix.
        var localName: String

        /// `DAV:` `collection`.
        static let collection = XMLName(namespace: dav, localName: "collection")
        /// CalDAV's `calendar` resource type.
        static let calendar = XMLName(namespace: calDAV, localName: "calendar")
    }

    /// The WebDAV namespace.
    static let dav = "DAV:"
    /// The CalDAV namespace.
    static let calDAV = "urn:ietf:params:xml:ns:caldav"

    /// The responses, in document order.
    var responses: [Response]

    /// Creates a multistatus from responses already read.
    init(responses: [Response]) {
        self.responses = responses
    }

    /// Reads a multistatus document. Throws ``CalDAVError/malformedResponse(_:)`` if `data` is not well-formed XML,
    /// ends before its root element is closed (which XMLParser on Linux does not report by itself), or its root is
    /// not `DAV:multistatus`.
    init(parsing data: Data) throws(CalDAVError) {
        let reader = MultistatusReader()
        let parser = XMLParser(data: data)
        parser.shouldProcessNamespaces = true
        parser.shouldReportNamespacePrefixes = false
        parser.shouldResolveExternalEntities = false
        parser.delegate = reader
        guard parser.parse() else {
            let reason = parser.parserError.map { " (\(($0 as NSError).code))" } ?? ""
            throw .malformedResponse("multistatus is not well-formed XML\(reason)")
        }
        guard reader.rootIsClosed else { throw .malformedResponse("multistatus ends before its root element is closed") }
        guard reader.rootIsMultistatus else { throw .malformedResponse("the answer is not a DAV:multistatus") }
        self.responses = reader.responses
    }
}

/// XMLParser's delegate for ``CalDAVMultistatus``: follows the element path and collects the few texts it needs.
private final class MultistatusReader: NSObject, XMLParserDelegate {
    /// Whether the document's root element is `DAV:multistatus`.
    var rootIsMultistatus = false
    /// Whether the root element's closing tag has been read.
    var rootIsClosed = false
    /// The responses finished so far.
    var responses: [CalDAVMultistatus.Response] = []

    /// The names of the open elements, outermost first.
    private var path: [CalDAVMultistatus.XMLName] = []
    /// The response being read.
    private var response = CalDAVMultistatus.Response()
    /// Resource types of the propstat being read, kept only if its status is a success.
    private var propstatTypes: Set<CalDAVMultistatus.XMLName> = []
    /// Calendar data of the propstat being read, kept only if its status is a success.
    private var propstatCalendarData: [String] = []
    /// The status line of the propstat being read, once read.
    private var propstatStatus: String?
    /// Text gathered for the element being read, if it is one whose text matters.
    private var text: String?

    /// Notes an opening tag: starts a response or propstat, records a resource type, or starts gathering text.
    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        let name = CalDAVMultistatus.XMLName(namespace: namespaceURI ?? "", localName: elementName)
        if path.isEmpty { rootIsMultistatus = name == .init(namespace: CalDAVMultistatus.dav, localName: "multistatus") }
        let parent = path.last
        path.append(name)
        switch (name.namespace, name.localName) {
        case (CalDAVMultistatus.dav, "response") where path.count == 2:
            response = CalDAVMultistatus.Response()
        case (CalDAVMultistatus.dav, "propstat"):
            propstatTypes = []
            propstatCalendarData = []
            propstatStatus = nil
        case (CalDAVMultistatus.dav, "href") where path.count == 3,
            (CalDAVMultistatus.dav, "status") where parent?.localName == "propstat",
            (CalDAVMultistatus.calDAV, "calendar-data"):
            text = ""
        default:
            if parent == .init(namespace: CalDAVMultistatus.dav, localName: "resourcetype") { propstatTypes.insert(name) }
        }
    }

    /// Gathers character data (entities and character references already resolved by the parser).
    func parser(_ parser: XMLParser, foundCharacters string: String) {
        text?.append(string)
    }

    /// Gathers CDATA sections as text.
    func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
        text?.append(String(decoding: CDATABlock, as: UTF8.self))
    }

    /// Notes a closing tag: stores gathered text and finishes propstats and responses.
    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        let depth = path.count
        guard let name = path.popLast() else { return }
        switch (name.namespace, name.localName) {
        case (CalDAVMultistatus.dav, "href") where depth == 3:
            response.href = (text ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        case (CalDAVMultistatus.dav, "status") where path.last?.localName == "propstat":
            propstatStatus = text
        case (CalDAVMultistatus.calDAV, "calendar-data"):
            propstatCalendarData.append(text ?? "")
        case (CalDAVMultistatus.dav, "propstat"):
            if Self.isSuccess(propstatStatus) {
                response.resourceTypes.formUnion(propstatTypes)
                response.calendarData.append(contentsOf: propstatCalendarData)
            }
        case (CalDAVMultistatus.dav, "response") where depth == 2:
            responses.append(response)
        default:
            break
        }
        if path.isEmpty { rootIsClosed = true }
        text = nil
    }

    /// Whether a status line such as `HTTP/1.1 200 OK` reports a 2xx status; a missing status counts as success.
    private static func isSuccess(_ statusLine: String?) -> Bool {
        guard let statusLine else { return true }
        let parts = statusLine.split(whereSeparator: \.isWhitespace)
        guard parts.count >= 2, let code = Int(parts[1]) else { return false }
        return (200..<300).contains(code)
    }
}
