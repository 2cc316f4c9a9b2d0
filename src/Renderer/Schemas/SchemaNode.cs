using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using GitGateway.Renderer.Manifests;

namespace GitGateway.Renderer.Schemas;

/// <summary>
/// One node of the OpenAPI v3 subset that Kubernetes structural schemas use: a type, properties,
/// additionalProperties, items, the value limits (length, pattern, enum, items, range), the <c>default</c> the
/// API server fills in, and the CEL rules (<c>x-kubernetes-validations</c>). <c>oneOf</c> and <c>anyOf</c> are
/// left to the readers, which give them meaning.
/// </summary>
internal sealed class SchemaNode
{
    // One compiled matcher per distinct pattern, shared by every node that has it: the HTTPRoute CRD alone has 138
    // pattern nodes and 13 distinct patterns, and a linear-time matcher costs milliseconds to build and builds its
    // automaton as it matches. The patterns come from our embedded schemas only, never from Git, so this is bounded.
    private static readonly ConcurrentDictionary<string, Regex> Compiled = new(StringComparer.Ordinal);

    private Regex? _regex;
    private Func<string, bool>? _matches;
    private KeyValuePair<string, SchemaNode>[]? _defaulted;

    /// <summary>The schema's <c>type</c> (object, array, string, integer, number, boolean), or null for any.</summary>
    public string? Type { get; init; }

    /// <summary>The named properties of an object, or null when the object names none.</summary>
    public IReadOnlyDictionary<string, SchemaNode>? Properties { get; init; }

    /// <summary>The schema of every value of a map (<c>additionalProperties</c>), or null.</summary>
    public SchemaNode? AdditionalProperties { get; init; }

    /// <summary>Whether fields this schema does not name are kept (<c>x-kubernetes-preserve-unknown-fields</c>).</summary>
    public bool PreserveUnknownFields { get; init; }

    /// <summary>Whether the value may be an integer or a string (<c>x-kubernetes-int-or-string</c>).</summary>
    public bool IntOrString { get; init; }

    /// <summary>The schema of an array's items, or null.</summary>
    public SchemaNode? Items { get; init; }

    /// <summary>Fields that must be present.</summary>
    public IReadOnlyList<string> Required { get; init; } = [];

    /// <summary>The allowed values, or null.</summary>
    public IReadOnlyList<string>? Enum { get; init; }

    /// <summary>String length limits.</summary>
    public int? MinLength { get; init; }

    /// <inheritdoc cref="MinLength"/>
    public int? MaxLength { get; init; }

    /// <summary>Array length limits.</summary>
    public int? MinItems { get; init; }

    /// <inheritdoc cref="MinItems"/>
    public int? MaxItems { get; init; }

    /// <summary>The most entries of a map.</summary>
    public int? MaxProperties { get; init; }

    /// <summary>Numeric range, inclusive.</summary>
    public decimal? Minimum { get; init; }

    /// <inheritdoc cref="Minimum"/>
    public decimal? Maximum { get; init; }

    /// <summary>A regular expression every string value must match, or null.</summary>
    public string? Pattern { get; init; }

    /// <summary>Whether a map's keys are checked as HTTP header names (our own schemas' <c>x-gitgateway-key: header-name</c>).</summary>
    public string? KeyFormat { get; init; }

    /// <summary>What the string becomes on the wire (our <c>x-gitgateway-wire</c>): path, header-value, …; null for none.</summary>
    public string? Wire { get; set; }

    /// <summary>The <c>default</c> value the API server fills in when the field is absent, or null.</summary>
    public YamlNode? Default { get; init; }

    /// <summary>The CEL rules (<c>x-kubernetes-validations</c>) a value of this node must satisfy.</summary>
    public IReadOnlyList<SchemaRule> Rules { get; init; } = [];

    /// <summary>Whether the object names its fields, so an unknown one is an error.</summary>
    public bool IsClosedObject => Properties is not null && AdditionalProperties is null && !PreserveUnknownFields;

    /// <summary>The properties that have a <see cref="Default"/>, in <see cref="Properties"/>' order; found once per node.</summary>
    public IReadOnlyList<KeyValuePair<string, SchemaNode>> Defaulted =>
        _defaulted ??= Properties?.Where(p => p.Value.Default is not null).ToArray() ?? [];

    /// <summary>The compiled <see cref="Pattern"/>; linear-time, since the values are hostile.</summary>
    public Regex? PatternRegex => Pattern is null ? null : _regex ??= Compiled.GetOrAdd(Pattern, Compile);

    /// <summary>
    /// Whether <paramref name="value"/> matches <see cref="Pattern"/> (true when there is none): by the pattern's hand
    /// check where it has one (<see cref="SchemaPatterns"/>), else by <see cref="PatternRegex"/>.
    /// </summary>
    public bool MatchesPattern(string value) =>
        Pattern is null || (_matches ??= SchemaPatterns.For(Pattern) ?? PatternRegex!.IsMatch)(value);

    private static Regex Compile(string pattern)
    {
        try
        {
            return new Regex(pattern, RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);
        }
        catch (NotSupportedException)
        {
            return new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));
        }
    }
}
