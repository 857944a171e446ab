import Foundation
package import HTTPTypes
package import OpenAPIRuntime
package import ParleyCore
package import ParleyStore
import Synchronization

/// Makes every `/v1` POST safe to retry. A request that carries an `Idempotency-Key` header is handled once per
/// organization and key for 24 hours:
///
/// - the same key with the same operation, path and body answers the first response again (same status and body,
///   with `Idempotent-Replayed: true`);
/// - the same key with another request answers 422;
/// - the same key while the first request is still being handled answers 409.
///
/// Answers of 500 and above are not remembered, and free the key: nothing was changed, so a retry runs again.
/// Requests without the header are handled as always.
package struct IdempotencyMiddleware: ServerMiddleware {
    /// The request header that names a retry-safe request.
    package static let keyHeader = HTTPField.Name("Idempotency-Key")!
    /// The response header on an answer read back from an earlier request.
    package static let replayedHeader = HTTPField.Name("Idempotent-Replayed")!
    /// The longest response remembered; longer ones are answered but free the key.
    private static let maximumResponseBytes = 32 << 20
    /// How often expired keys are swept away, at most.
    private static let purgeInterval: TimeInterval = 600

    private let keys: IdempotencyRepository
    private let clock: WallClock
    private let lastPurge = LastPurge()

    package init(keys: IdempotencyRepository, clock: WallClock) {
        self.keys = keys
        self.clock = clock
    }

    package func intercept(
        _ request: HTTPRequest,
        body: HTTPBody?,
        metadata: ServerRequestMetadata,
        operationID: String,
        next: @Sendable (HTTPRequest, HTTPBody?, ServerRequestMetadata) async throws -> (HTTPResponse, HTTPBody?)
    ) async throws -> (HTTPResponse, HTTPBody?) {
        guard request.method == .post, let key = request.headerFields[Self.keyHeader] else {
            return try await next(request, body, metadata)
        }
        guard Self.isUsable(key) else {
            return APIError(.badRequest, "Idempotency-Key: must be 1 to 255 visible ASCII characters, such as a UUID").openAPIResponse
        }
        let organizationID = try RequestOrganization.require()
        var bytes: [UInt8] = []
        if let body {
            for try await chunk in body {
                bytes += chunk
                if bytes.count > RequestBodyMiddleware.maximumBytes { return RequestBodyMiddleware.tooLarge.openAPIResponse }
            }
        }
        let now = clock.now()
        try await purgeIfDue(at: now)
        let fingerprint = IdempotencyRepository.fingerprint(operation: operationID, path: request.path ?? "", body: bytes)
        switch try await keys.claim(organizationID: organizationID, key: key, requestHash: fingerprint, at: now) {
        case .claimed:
            break
        case .replay(let stored):
            var fields: HTTPFields = [Self.replayedHeader: "true"]
            fields[.contentType] = stored.contentType
            return (HTTPResponse(status: .init(code: stored.status), headerFields: fields), HTTPBody(stored.body))
        case .mismatch:
            return APIError(
                .unprocessableContent,
                "Idempotency-Key: was used for a different request (operation, path or body) in the last 24 hours; send a new key"
            ).openAPIResponse
        case .inProgress:
            return APIError(.conflict, "Idempotency-Key: a request with this key is still being handled; retry once it is answered")
                .openAPIResponse
        }

        let answered: (response: HTTPResponse, body: [UInt8])
        do {
            let (response, responseBody) = try await next(request, body == nil ? nil : HTTPBody(bytes), metadata)
            var responseBytes: [UInt8] = []
            if let responseBody { responseBytes = try await [UInt8](collecting: responseBody, upTo: Self.maximumResponseBytes) }
            answered = (response, responseBytes)
        } catch {
            try? await keys.release(organizationID: organizationID, key: key)
            throw error
        }
        if answered.response.status.code >= 500 {
            try await keys.release(organizationID: organizationID, key: key)
        } else {
            let stored = IdempotencyRepository.StoredResponse(
                status: answered.response.status.code, contentType: answered.response.headerFields[.contentType],
                body: String(decoding: answered.body, as: UTF8.self))
            try await keys.complete(organizationID: organizationID, key: key, response: stored)
        }
        return (answered.response, HTTPBody(answered.body))
    }

    /// Whether a key is 1 to 255 visible ASCII characters.
    private static func isUsable(_ key: String) -> Bool {
        (1...255).contains(key.utf8.count) && key.utf8.allSatisfy { (0x21...0x7E).contains($0) }
    }

    /// Sweeps expired keys of every organization, at most once per ``purgeInterval`` in this process.
    private func purgeIfDue(at now: Date) async throws {
        let due = lastPurge.moment.withLock { last in
            guard now.timeIntervalSince(last) >= Self.purgeInterval else { return false }
            last = now
            return true
        }
        if due { try await keys.purgeExpired(at: now) }
    }
}

/// When this process last swept expired keys.
private final class LastPurge: Sendable {
    let moment = Mutex(Date.distantPast)
}
