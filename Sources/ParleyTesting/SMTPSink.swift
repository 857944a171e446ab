import Foundation
import NIOCore
package import NIOSSL

/// A running `smtp_sink.py` (aiosmtpd) on a free port. Stop it with ``stop()``; it is killed, not waited for.
package struct SMTPSink: Sendable {
    /// How the sink protects connections.
    package enum TLSMode: String, Sendable {
        case none
        case startTLS = "starttls"
        case implicit
    }

    /// One message as the sink received it.
    package struct Received: Decodable, Sendable {
        package var mailFrom: String
        package var rcptTos: [String]
        package var data: String
        package var authLogin: String?
        package var authMechanism: String?
        package var headers: [String: String]
        package var body: String

        private enum CodingKeys: String, CodingKey {
            case mailFrom = "mail_from", rcptTos = "rcpt_tos", data, authLogin = "auth_login", authMechanism = "auth_mechanism", parsed
        }
        private enum ParsedKeys: String, CodingKey { case headers, body }

        package init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            mailFrom = try container.decode(String.self, forKey: .mailFrom)
            rcptTos = try container.decode([String].self, forKey: .rcptTos)
            data = try container.decode(String.self, forKey: .data)
            authLogin = try container.decodeIfPresent(String.self, forKey: .authLogin)
            authMechanism = try container.decodeIfPresent(String.self, forKey: .authMechanism)
            let parsed = try container.nestedContainer(keyedBy: ParsedKeys.self, forKey: .parsed)
            headers = try parsed.decode([String: String].self, forKey: .headers)
            body = try parsed.decode(String.self, forKey: .body)
        }
    }

    package struct StartFailure: Error, CustomStringConvertible {
        package var description: String
    }

    /// The user name and password the sink accepts.
    package static let username = "parley"
    package static let password = "s3cret-pässword"

    /// The sink's script and test certificate, in the email tests' folder.
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Tests/ParleyEmailTests")
    static let certificatePath = directory.appendingPathComponent("Fixtures/test-cert.pem").path
    static let keyPath = directory.appendingPathComponent("Fixtures/test-key.pem").path

    /// A client TLS configuration that trusts the test certificate.
    package static func trustingTestCertificate() throws -> TLSConfiguration {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(certificatePath))
        return configuration
    }

    /// This machine's first IPv4 address that is not loopback, if it has one.
    package static let nonLoopbackIPv4: String? = {
        let devices = (try? System.enumerateDevices()) ?? []
        return devices.compactMap { device -> String? in
            guard case .v4 = device.address, let ip = device.address?.ipAddress, !ip.hasPrefix("127.") else { return nil }
            return ip
        }.first
    }()

    package let host: String
    package let port: Int
    private let pid: Int32
    private let outputPath: String

    /// Starts the sink and waits for it to report its port.
    package init(
        tls: TLSMode = .none, authenticates: Bool = true, authMechanisms: String = "PLAIN,LOGIN", hangAfterData: Bool = false,
        dropAfterData: Bool = false,
        host: String = "127.0.0.1"
    ) async throws {
        let outputPath = FileManager.default.temporaryDirectory.appendingPathComponent("smtp-sink-\(UUID().uuidString).jsonl").path
        var arguments = [
            "python3", Self.directory.appendingPathComponent("smtp_sink.py").path, "--tls", tls.rawValue, "--cert", Self.certificatePath, "--key",
            Self.keyPath, "--out", outputPath, "--host", host, "--auth-mechanisms", authMechanisms,
        ]
        if authenticates { arguments += ["--auth-user", Self.username, "--auth-pass", Self.password] }
        if hangAfterData { arguments.append("--hang-after-data") }
        if dropAfterData { arguments.append("--drop-after-data") }

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try ChildProcess.launch(process)
        let pid = process.processIdentifier
        let line = await ChildProcess.firstLine(of: output.fileHandleForReading)
        guard let port = Int(line.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            kill(pid, SIGKILL)
            throw StartFailure(description: "smtp_sink.py did not report a port (is aiosmtpd installed?): \(line.debugDescription)")
        }
        self.host = host
        self.port = port
        self.pid = pid
        self.outputPath = outputPath
    }

    /// Kills the sink and removes its output file.
    package func stop() {
        kill(pid, SIGKILL)
        try? FileManager.default.removeItem(atPath: outputPath)
    }

    /// Every message received so far.
    package func received() throws -> [Received] {
        guard let data = FileManager.default.contents(atPath: outputPath) else { return [] }
        return try data.split(separator: UInt8(ascii: "\n")).map { try JSONDecoder().decode(Received.self, from: Data($0)) }
    }
}
