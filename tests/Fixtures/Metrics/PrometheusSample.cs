namespace GitGateway.Fixtures.Metrics;

/// <summary>One sample line of a Prometheus text exposition: name, labels (unescaped), value.</summary>
public sealed record PrometheusSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);
