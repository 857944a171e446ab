import AsyncHTTPClient
package import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
package import ParleyCalDAV

/// A real Radicale CalDAV server (`python3 -m pip install radicale`) on a free loopback port, with its own storage
/// folder and one htpasswd user, started for one test. ``stop()`` kills it (SIGKILL) and removes its folder.
package struct RadicaleServer: Sendable {
    /// Why the server could not be started.
    package struct StartFailure: Error, CustomStringConvertible {
        /// What went wrong, with the end of Radicale's log.
        package var description: String
    }

    /// What a test request got back.
    package struct Answer: Sendable {
        /// The HTTP status code.
        package var status: Int
        /// The body as UTF-8 text.
        package var body: String
    }

    /// `http://127.0.0.1:PORT`, without a trailing slash.
    package let baseURL: URL
    /// The one user in the server's htpasswd file; unique per server, so a readiness check cannot be answered by
    /// another test's server.
    package let username: String
    /// That user's password; it holds a colon and non-ASCII letters to exercise Basic authentication.
    package let password = Self.password
    /// The password every server's user gets.
    package static let password = "s3cret:pässwörd"
    /// Radicale's process id.
    private let pid: Int32
    /// The folder holding storage, the htpasswd file and the log.
    private let directory: URL

    /// Starts Radicale and waits until it answers for this server's user. Tries a few free ports, in case another
    /// process takes the one picked before Radicale binds it.
    package static func start() async throws -> RadicaleServer {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("parley-radicale-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let username = "user-\(UUID().uuidString.prefix(8).lowercased())"
        var lastFailure = StartFailure(description: "Radicale was not started")
        for _ in 0..<3 {
            let port = try await freeLoopbackPort()
            do {
                return try await start(in: directory, username: username, port: port)
            } catch let failure as StartFailure {
                lastFailure = failure
            }
        }
        try? FileManager.default.removeItem(at: directory)
        throw lastFailure
    }

    /// Kills the server and removes its folder.
    package func stop() {
        kill(pid, SIGKILL)
        try? FileManager.default.removeItem(at: directory)
    }

    /// The URL of `path` on this server; `path` starts with `/` and is already percent-encoded.
    package func url(_ path: String) throws -> URL {
        guard let url = URL(string: baseURL.absoluteString + path) else { throw StartFailure(description: "not a URL path: \(path)") }
        return url
    }

    /// An account for the collection at `path`, as this server's user, or with another `password`.
    package func account(path: String, password: String? = nil) throws -> CalDAVAccount {
        CalDAVAccount(calendarURL: try url(path), username: username, password: password ?? self.password)
    }

    /// Creates a calendar collection named `name` in the user's home with MKCALENDAR, and returns its account
    /// (URL with a trailing `/`).
    package func makeCalendar(named name: String) async throws -> CalDAVAccount {
        let path = "/\(username)/\(name)/"
        let answer = try await send("MKCALENDAR", to: try url(path))
        guard answer.status == 201 else { throw StartFailure(description: "MKCALENDAR \(path) answered \(answer.status): \(answer.body)") }
        return try account(path: path)
    }

    /// Sends `method` to `url` as this server's user and reads the answer.
    package func send(_ method: String, to url: URL, headers: [(String, String)] = [], body: String? = nil) async throws -> Answer {
        var request = HTTPClientRequest(url: url.absoluteString)
        request.method = .RAW(value: method)
        request.headers.add(name: "Authorization", value: "Basic " + Data("\(username):\(password)".utf8).base64EncodedString())
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body { request.body = .bytes(ByteBuffer(string: body)) }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        let bytes = try await response.body.collect(upTo: 16 * 1024 * 1024)
        return Answer(status: Int(response.status.code), body: String(buffer: bytes))
    }

    /// Starts Radicale on `port` and polls until it answers a PROPFIND for `username`'s home with 207. Throws
    /// ``StartFailure`` if Radicale exits, answers as another server would (401), or is not ready within 30 s.
    private static func start(in directory: URL, username: String, port: Int) async throws -> RadicaleServer {
        let storage = directory.appendingPathComponent("collections")
        let users = directory.appendingPathComponent("users")
        let log = directory.appendingPathComponent("radicale-\(port).log")
        try Data("\(username):\(Self.password)\n".utf8).write(to: users)
        try Data().write(to: log)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", "-m", "radicale", "--config", "", "--server-hosts", "127.0.0.1:\(port)", "--auth-type", "htpasswd",
            "--auth-htpasswd-filename", users.path, "--auth-htpasswd-encryption", "plain", "--auth-delay", "0",
            "--rights-type", "owner_only", "--storage-filesystem-folder", storage.path, "--logging-level", "warning",
        ]
        let logHandle = try FileHandle(forWritingTo: log)
        defer { try? logHandle.close() }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = logHandle
        process.standardError = logHandle
        try ChildProcess.launch(process)
        let pid = process.processIdentifier
        guard let baseURL = URL(string: "http://127.0.0.1:\(port)") else { throw StartFailure(description: "no URL for port \(port)") }
        let server = RadicaleServer(baseURL: baseURL, username: username, pid: pid, directory: directory)

        func failure(_ reason: String) -> StartFailure {
            kill(pid, SIGKILL)
            let logText = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            return StartFailure(description: "Radicale on port \(port) \(reason). Log:\n\(logText.suffix(2000))")
        }

        let giveUp = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < giveUp {
            guard process.isRunning else { throw failure("exited with status \(process.terminationStatus)") }
            if let answer = try? await server.send("PROPFIND", to: try server.url("/\(username)/"), headers: [("Depth", "0")]) {
                if answer.status == 207 { return server }
                throw failure("answered \(answer.status) for its own user; is another server on the port?")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw failure("did not answer within 30 s")
    }

    /// A loopback TCP port that was free a moment ago: bound with port 0, read back, and released.
    private static func freeLoopbackPort() async throws -> Int {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton).bind(host: "127.0.0.1", port: 0).get()
        let port = channel.localAddress?.port
        try await channel.close()
        guard let port else { throw StartFailure(description: "no free loopback port") }
        return port
    }

    /// Creates a server value; ``start()`` is how tests get one.
    private init(baseURL: URL, username: String, pid: Int32, directory: URL) {
        self.baseURL = baseURL
        self.username = username
        self.pid = pid
        self.directory = directory
    }
}
