import Foundation
package import Hummingbird

extension Response {
    /// A JSON response of an encodable value.
    package static func json(_ value: some Encodable, status: HTTPResponse.Status = .ok) -> Response {
        let data = (try? APIError.encoder.encode(value)) ?? Data(#"{"error":"internal: response encoding failed"}"#.utf8)
        return Response(
            status: status,
            headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: data))
        )
    }
}
