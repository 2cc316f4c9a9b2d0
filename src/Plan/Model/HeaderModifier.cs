namespace GitGateway.Plan.Model;

/// <summary>Header changes, applied in the order set, add, remove.</summary>
public sealed record HeaderModifier(EquatableArray<HeaderValue> Set, EquatableArray<HeaderValue> Add, EquatableArray<string> Remove);
