import ParleyServer

/// What the channel tests share: the public URL providers' callbacks are signed for, and a server that lets
/// channel connections point at the fake providers on loopback.
enum ChannelTesting {
    static let publicURL = "https://parley.example.com"

    @Sendable static func configure(_ settings: inout Settings) {
        settings.publicURL = publicURL
        settings.allowPrivateChannelTargets = true
    }
}
