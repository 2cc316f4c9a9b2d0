using GitGateway.Plan.Model;

namespace GitGateway.Plan.Delta;

/// <summary>
/// Route entries of a host: <see cref="Count"/> entries of the base host from index <see cref="From"/>, or, when
/// <see cref="Entries"/> is set, those entries as sent.
/// </summary>
public sealed record EntrySpan(int From = 0, int Count = 0, EquatableArray<RouteEntry>? Entries = null);
