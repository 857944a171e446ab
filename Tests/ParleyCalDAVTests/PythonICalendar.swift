import Foundation
import ParleyTesting

/// Reads iCalendar text with Python's `icalendar` package (`python3 -m pip install icalendar`), as an independent
/// check of what a server stored.
enum PythonICalendar {
    /// The fields of one VEVENT as Python reads them.
    struct Event: Decodable, Equatable {
        /// UID.
        var uid: String
        /// DTSTART as ISO 8601, e.g. `2025-03-04T09:00:00+00:00`.
        var dtstart: String
        /// DTEND as ISO 8601.
        var dtend: String
        /// SUMMARY, unescaped.
        var summary: String
    }

    /// Why Python could not read the text.
    struct Failure: Error, CustomStringConvertible {
        /// Python's exit status and error output.
        var description: String
    }

    /// Prints the first VEVENT of the calendar on stdin as JSON.
    static let script = """
        import json, sys
        from icalendar import Calendar
        calendar = Calendar.from_ical(sys.stdin.buffer.read())
        event = calendar.walk('VEVENT')[0]
        print(json.dumps({
            'uid': str(event.get('UID')), 'summary': str(event.get('SUMMARY')),
            'dtstart': event.decoded('DTSTART').isoformat(), 'dtend': event.decoded('DTEND').isoformat(),
        }))
        """

    /// The first VEVENT of `iCalendar`, read by Python.
    static func firstEvent(of iCalendar: String) throws -> Event {
        let directory = FileManager.default.temporaryDirectory
        let errorFile = directory.appendingPathComponent("parley-python-\(UUID().uuidString).err")
        try Data().write(to: errorFile)
        defer { try? FileManager.default.removeItem(at: errorFile) }
        let errorHandle = try FileHandle(forWritingTo: errorFile)
        defer { try? errorHandle.close() }

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errorHandle
        try ChildProcess.launch(process)
        try input.fileHandleForWriting.write(contentsOf: Data(iCalendar.utf8))
        try input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let error = (try? String(contentsOf: errorFile, encoding: .utf8)) ?? ""
            throw Failure(description: "python3 exited with \(process.terminationStatus) (is icalendar installed?): \(error)")
        }
        return try JSONDecoder().decode(Event.self, from: data)
    }
}
