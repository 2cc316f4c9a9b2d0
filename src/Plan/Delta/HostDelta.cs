namespace GitGateway.Plan.Delta;

/// <summary>
/// A virtual host of the new plan: its route entries are the <see cref="Spans"/> in order, each copied from the
/// base plan's host with the same <see cref="Id"/> on the same listener, or sent in full.
/// </summary>
public sealed record HostDelta(string Id, string Hostname, EquatableArray<EntrySpan> Spans);
