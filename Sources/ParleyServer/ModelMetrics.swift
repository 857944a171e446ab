import ParleyCore
import Prometheus

/// What the language model costs the server, in Prometheus form at `GET /metrics`: requests, tokens and time
/// waited. Per-conversation figures are in each conversation's `modelUsage`.
struct ModelMetrics: Sendable {
    let registry: PrometheusCollectorRegistry
    private let requests: Counter
    private let promptTokens: Counter
    private let completionTokens: Counter
    private let latency: DurationHistogram

    init(registry: PrometheusCollectorRegistry) {
        self.registry = registry
        func name(_ metric: String, _ unit: String, _ help: String) -> MetricNameDescriptor {
            MetricNameDescriptor(namespace: "parley", subsystem: "llm", metricName: metric, unitName: unit, helpText: help)
        }
        requests = registry.makeCounter(descriptor: name("requests", "total", "Requests sent to the language model, retries included."))
        promptTokens = registry.makeCounter(descriptor: name("prompt_tokens", "total", "Prompt tokens the model reported."))
        completionTokens = registry.makeCounter(descriptor: name("completion_tokens", "total", "Completion tokens the model reported."))
        latency = registry.makeDurationHistogram(
            descriptor: name("turn_wait", "seconds", "Time one conversation turn waited on the model."),
            buckets: [.milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2), .seconds(5), .seconds(10), .seconds(20), .seconds(60)]
        )
    }

    /// Counts one turn's use of the model.
    func record(_ usage: ModelUsage) {
        requests.increment(by: Int64(usage.calls))
        promptTokens.increment(by: Int64(usage.promptTokens))
        completionTokens.increment(by: Int64(usage.completionTokens))
        latency.record(.milliseconds(usage.latencyMilliseconds))
    }
}
