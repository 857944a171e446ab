// swift-tools-version: 6.1
import PackageDescription

/// Settings every Parley target shares: Swift 6 language mode plus the upcoming features STYLE.md asks for.
let parleySwiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "parley",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "parley", targets: ["parley"]),
        .executable(name: "parley-bench", targets: ["ParleyBenchmarks"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-collections.git", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-configuration.git", from: "1.4.0", traits: []),
        .package(url: "https://github.com/apple/swift-crypto.git", "4.5.2"..<"5.0.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-openapi-generator.git", from: "1.14.3"),
        .package(url: "https://github.com/apple/swift-openapi-runtime.git", from: "1.13.4"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/swift-openapi-hummingbird.git", from: "2.1.0"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/vapor/multipart-kit.git", from: "4.7.1"),
        .package(url: "https://github.com/vapor/postgres-kit.git", from: "2.17.0"),
        .package(url: "https://github.com/vapor/sql-kit.git", from: "3.36.0"),
        .package(url: "https://github.com/vapor/sqlite-kit.git", from: "4.5.2"),
        .package(url: "https://github.com/vapor/sqlite-nio.git", from: "1.13.2"),
    ],
    targets: [
        // MARK: Domain

        /// Values, validation and rules of the domain; no I/O.
        .target(name: "ParleyCore", swiftSettings: parleySwiftSettings),

        // MARK: Agents

        /// The ConversationAgent seam and the built-in agent.
        .target(name: "ParleyAgent", dependencies: ["ParleyCore"], swiftSettings: parleySwiftSettings),

        // MARK: Channels

        /// Email over SMTP (STARTTLS or TLS, AUTH PLAIN/LOGIN), MIME rendering, and reading inbound replies.
        .target(
            name: "ParleyEmail",
            dependencies: [
                .product(name: "Logging", package: "swift-log"),
                .product(name: "MultipartKit", package: "multipart-kit"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: parleySwiftSettings
        ),
        /// The providers behind each channel: Twilio, Meta's WhatsApp Cloud API and SMTP; sending, and reading
        /// and checking what they call back with.
        .target(
            name: "ParleyChannels",
            dependencies: [
                "ParleyCore",
                "ParleyEmail",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: parleySwiftSettings
        ),

        // MARK: Scheduling

        /// Free slots from open hours (correct across daylight-saving changes), reading a candidate's pick among
        /// offered slots, and iCalendar invites.
        .target(name: "ParleyScheduling", swiftSettings: parleySwiftSettings),

        /// A small CalDAV client: checking a calendar, reading busy times, and writing and removing events.
        .target(
            name: "ParleyCalDAV",
            dependencies: [
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: parleySwiftSettings
        ),

        // MARK: Webhooks

        /// The event catalog, signing, the SSRF guard and delivery with retries.
        .target(
            name: "ParleyWebhooks",
            dependencies: [
                "ParleyCore",
                "ParleyStore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: parleySwiftSettings
        ),

        // MARK: Storage

        /// SQL schema, migrations and repositories over SQLite and PostgreSQL.
        .target(
            name: "ParleyStore",
            dependencies: [
                "ParleyCore",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CryptoExtras", package: "swift-crypto"),
                .product(name: "DequeModule", package: "swift-collections"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "PostgresKit", package: "postgres-kit"),
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "SQLiteKit", package: "sqlite-kit"),
                // Its SQLite library, which `SQLiteHandle` calls directly.
                .product(name: "SQLiteNIO", package: "sqlite-nio"),
            ],
            swiftSettings: parleySwiftSettings
        ),

        // MARK: HTTP API

        /// Types and server stubs generated from the root openapi.yaml.
        .target(
            name: "ParleyOpenAPI",
            dependencies: [.product(name: "OpenAPIRuntime", package: "swift-openapi-runtime")],
            // Generated code declares `package import` in every file, used or not; its warnings are not ours to fix.
            swiftSettings: [.unsafeFlags(["-suppress-warnings"])],
            plugins: [.plugin(name: "OpenAPIGenerator", package: "swift-openapi-generator")]
        ),
        /// The `/v1` API: handlers, authentication and error mapping.
        .target(
            name: "ParleyAPI",
            dependencies: [
                "ParleyAgent",
                "ParleyCalDAV",
                "ParleyChannels",
                "ParleyCore",
                "ParleyEmail",
                "ParleyOpenAPI",
                "ParleyScheduling",
                "ParleyStore",
                "ParleyWebhooks",
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "OpenAPIHummingbird", package: "swift-openapi-hummingbird"),
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
                .product(name: "SQLKit", package: "sql-kit"),
            ],
            swiftSettings: parleySwiftSettings
        ),

        // MARK: Composition

        /// Settings, wiring and lifecycle of a running Parley server.
        .target(
            name: "ParleyServer",
            dependencies: [
                "ParleyAgent",
                "ParleyCalDAV",
                "ParleyAPI",
                "ParleyChannels",
                "ParleyCore",
                "ParleyEmail",
                "ParleyOpenAPI",
                "ParleyScheduling",
                "ParleyStore",
                "ParleyWebhooks",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "OpenAPIHummingbird", package: "swift-openapi-hummingbird"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "SQLKit", package: "sql-kit"),
            ],
            resources: [.copy("Resources/openapi.yaml")],
            swiftSettings: parleySwiftSettings
        ),
        /// The `parley` command: serve, migrate and admin.
        .executableTarget(
            name: "parley",
            dependencies: [
                "ParleyCore",
                "ParleyServer",
                "ParleyStore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: parleySwiftSettings
        ),

        /// `parley-bench`: the in-process benchmarks (job queue, webhook deliveries) that `Benchmarks/run` drives.
        .executableTarget(
            name: "ParleyBenchmarks",
            dependencies: [
                "ParleyCore",
                "ParleyServer",
                "ParleyStore",
                "ParleyWebhooks",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "SQLKit", package: "sql-kit"),
            ],
            path: "Benchmarks/ParleyBenchmarks",
            swiftSettings: parleySwiftSettings
        ),

        // MARK: Tests

        /// Test support: fresh databases on SQLite and PostgreSQL, a running server on loopback.
        .target(
            name: "ParleyTesting",
            dependencies: [
                "ParleyAgent",
                "ParleyCalDAV",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                "ParleyCore",
                "ParleyServer",
                "ParleyStore",
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "SQLKit", package: "sql-kit"),
            ],
            swiftSettings: parleySwiftSettings
        ),
        .testTarget(name: "ParleyCoreTests", dependencies: ["ParleyCore"], swiftSettings: parleySwiftSettings),
        .testTarget(
            name: "ParleyEmailTests",
            dependencies: [
                "ParleyEmail",
                "ParleyTesting",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            exclude: ["Fixtures", "smtp_sink.py"],
            swiftSettings: parleySwiftSettings
        ),
        .testTarget(
            name: "ParleyCalDAVTests",
            dependencies: [
                "ParleyCalDAV",
                "ParleyTesting",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: parleySwiftSettings
        ),
        .testTarget(name: "ParleySchedulingTests", dependencies: ["ParleyScheduling", "ParleyTesting"], swiftSettings: parleySwiftSettings),
        .testTarget(name: "ParleyWebhooksTests", dependencies: ["ParleyWebhooks"], swiftSettings: parleySwiftSettings),
        .testTarget(name: "ParleyAgentTests", dependencies: ["ParleyAgent", "ParleyCore"], swiftSettings: parleySwiftSettings),
        .testTarget(name: "ParleyAPITests", dependencies: ["ParleyAPI", "ParleyCore", "ParleyOpenAPI"], swiftSettings: parleySwiftSettings),
        .testTarget(
            name: "ParleyStoreTests",
            dependencies: [
                "ParleyCore", "ParleyStore", "ParleyTesting", .product(name: "Logging", package: "swift-log"),
                .product(name: "SQLiteKit", package: "sqlite-kit"),
            ],
            swiftSettings: parleySwiftSettings
        ),
        .testTarget(
            name: "ParleyServerTests",
            dependencies: [
                "ParleyCalDAV",
                "ParleyCore",
                "ParleyServer",
                "ParleyStore",
                "ParleyTesting",
                "parley",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: parleySwiftSettings
        ),
    ]
)
