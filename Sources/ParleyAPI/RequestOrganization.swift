package import ParleyCore

/// The organization of the authenticated request being handled, bound by ``AuthenticationMiddleware`` for the
/// duration of a `/v1` request so that handlers scope every query by it.
package enum RequestOrganization {
    @TaskLocal package static var current: Organization.ID?

    /// The current request's organization; throws 401 if the request was not authenticated, which would be a
    /// routing mistake rather than a caller's.
    package static func require() throws(APIError) -> Organization.ID {
        guard let current else { throw APIError.unauthorized }
        return current
    }
}
