namespace GitGateway.Renderer.Schemas;

/// <summary>
/// One <c>x-kubernetes-validations</c> entry of a CRD schema: a CEL expression over <c>self</c> (the value of the
/// schema node that carries it) that must be true, the message the API server answers with when it is false, and
/// the optional <c>fieldPath</c> (relative to <c>self</c>) of the sub-field the message is about. Equal by those
/// three; what evaluating it needs (whether it is a transition rule, its compiled form) is decided once per rule,
/// not per evaluation.
/// </summary>
internal sealed record SchemaRule(string Rule, string? Message, string? FieldPath)
{
    /// <summary>
    /// Whether the rule compares with <c>oldSelf</c>: a transition rule, which the API server checks only when an
    /// object is updated. A repository has no previous object to compare with, so these are not evaluated.
    /// </summary>
    public bool IsTransitionRule { get; } = Rule.Contains("oldSelf", StringComparison.Ordinal);

    /// <summary>The message shown when the rule is false; the API server falls back to the rule itself.</summary>
    public string Text => string.IsNullOrEmpty(Message) ? $"failed rule: {Rule}" : Message;

    /// <summary>
    /// The rule's compiled form as <see cref="CelCompiledRules"/> resolved it on the first evaluation (shared by every
    /// rule of the same text), kept here so that later evaluations do not look the text up again; null until then.
    /// </summary>
    internal object? Compiled { get; set; }

    /// <inheritdoc />
    public bool Equals(SchemaRule? other) => other is not null
        && string.Equals(Rule, other.Rule, StringComparison.Ordinal)
        && string.Equals(Message, other.Message, StringComparison.Ordinal)
        && string.Equals(FieldPath, other.FieldPath, StringComparison.Ordinal);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Rule, Message, FieldPath);
}
