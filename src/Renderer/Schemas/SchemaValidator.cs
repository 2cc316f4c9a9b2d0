using System.Globalization;
using System.Text;
using GitGateway.Plan.Model;
using GitGateway.Renderer.Diagnostics;
using GitGateway.Renderer.Manifests;

namespace GitGateway.Renderer.Schemas;

/// <summary>
/// One pass over a document against its schema, like <c>kubectl apply --validate=strict</c>: unknown fields,
/// wrong types, lengths, patterns, enums, item counts and ranges, control characters in any string, and then the
/// schema's CEL rules (<c>x-kubernetes-validations</c>) on every node whose value has the right shape. Each value
/// gets at most one schema finding (the first rule it breaks), each false CEL rule one finding; the readers then
/// give the valid values meaning.
/// </summary>
internal sealed class SchemaValidator
{
    // The path's list of the thread's last pass, empty, for its next: a list per document grew through three arrays.
    [ThreadStatic]
    private static List<(string? Key, int Index)>? t_path;

    private readonly DiagnosticBag _diagnostics;
    private readonly string _kind;
    private readonly List<(string? Key, int Index)> _path;
    private int _errors;
    private CelViews? _views;

    private SchemaValidator(DiagnosticBag diagnostics, string kind, List<(string? Key, int Index)> path)
    {
        _diagnostics = diagnostics;
        _kind = kind;
        _path = path;
    }

    /// <summary>Checks <paramref name="root"/> (a whole document of kind <paramref name="kind"/>) against <paramref name="schema"/>.</summary>
    public static void Validate(YamlNode root, SchemaNode schema, string kind, DiagnosticBag diagnostics)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(schema);
        var path = t_path ?? [];
        t_path = null; // taken: a pass that started another (none does) would make its own
        var validator = new SchemaValidator(diagnostics, kind, path);
        validator.Visit(root, schema);
        validator._views?.Release();
        path.Clear();
        t_path = path;
    }

    private void Visit(YamlNode node, SchemaNode schema)
    {
        if (node is YamlScalar { IsNull: true })
        {
            return;
        }

        var errorsBefore = _errors;
        VisitValue(node, schema);
        if (schema.Rules.Count > 0 && _errors == errorsBefore && (_views ??= new CelViews()).Of(node, schema, root: _path.Count == 0) is { } value)
        {
            // Like the API server, rules see only values of the right shape: a node with a schema error below it
            // has its one finding already. The value is a view of the node: only what the rules read of it is built.
            CheckRules(node, schema, value);
        }
    }

    private void VisitValue(YamlNode node, SchemaNode schema)
    {
        if (schema.IntOrString)
        {
            ExpectScalar(node, "an integer or a string");
            return;
        }

        switch (schema.Type)
        {
            case "object":
                VisitObject(node, schema);
                break;
            case "array":
                VisitArray(node, schema);
                break;
            case "string":
                if (ExpectScalar(node, "a string") is { } s)
                {
                    CheckString(s, schema);
                }

                break;
            case "integer" or "number":
                if (ExpectScalar(node, schema.Type == "integer" ? "an integer" : "a number") is { } n)
                {
                    CheckNumber(n, schema);
                }

                break;
            case "boolean":
                if (ExpectScalar(node, "true or false") is { } b && !bool.TryParse(b.Value, out _))
                {
                    Error(DiagnosticCodes.InvalidField, b, $"{Path()} must be true or false, not '{Short(b.Value)}'");
                }

                break;
        }
    }

    private void VisitObject(YamlNode node, SchemaNode schema)
    {
        if (node is not YamlMapping map)
        {
            Error(DiagnosticCodes.InvalidField, node, $"{Path()} must be a mapping, not {node.ShapeName}");
            return;
        }

        // By index: a foreach over these interfaces made an enumerator for each list of each mapping (12 MiB at 10,000 routes).
        var required = schema.Required;
        for (var i = 0; i < required.Count; i++)
        {
            if (map.Get(required[i]) is null)
            {
                Error(DiagnosticCodes.MissingField, map, $"the required field '{required[i]}' is missing from {Path() ?? _kind}: add it");
            }
        }

        if (schema.MaxProperties is { } maxProperties && map.Entries.Count > maxProperties)
        {
            Error(DiagnosticCodes.LimitExceeded, map, $"{Path()} has {map.Entries.Count} entries; at most {maxProperties} are allowed");
        }

        var entries = map.Entries;
        for (var i = 0; i < entries.Count; i++)
        {
            var (key, value) = entries[i];
            _path.Add((key.Value, -1));
            var property = _path.Count == 1 && key.Value == "metadata" ? SchemaCatalog.ObjectMeta : schema.Properties?.GetValueOrDefault(key.Value);
            var child = property ?? schema.AdditionalProperties;
            if (schema.KeyFormat is { } keyFormat && WireGrammar.Check(keyFormat, key.Value) is { } keyProblem)
            {
                Error(DiagnosticCodes.InvalidField, key.Mark, $"'{Short(key.Value)}' in {ParentPath()} {keyProblem}");
            }
            else if (child is not null)
            {
                Visit(value, child);
            }
            else if (schema.IsClosedObject)
            {
                Error(DiagnosticCodes.UnknownField, key.Mark, $"{Path()} is not a field of {TypeName()}{FieldSuggestion.For(key.Value, schema.Properties!.Keys)}");
            }

            _path.RemoveAt(_path.Count - 1);
        }
    }

    private void VisitArray(YamlNode node, SchemaNode schema)
    {
        if (node is not YamlSequence seq)
        {
            Error(DiagnosticCodes.InvalidField, node, $"{Path()} must be a list, not {node.ShapeName}");
            return;
        }

        if (schema.MaxItems is { } max && seq.Items.Count > max)
        {
            Error(DiagnosticCodes.LimitExceeded, seq, $"{Path()} has {seq.Items.Count} items; {_kind} allows at most {max}: remove {seq.Items.Count - max} or split the object");
        }
        else if (schema.MinItems is { } min && seq.Items.Count < min)
        {
            Error(DiagnosticCodes.InvalidField, seq, $"{Path()} has {seq.Items.Count} items; it needs at least {min}");
        }

        for (var i = 0; i < seq.Items.Count && schema.Items is not null; i++)
        {
            _path.Add((null, i));
            Visit(seq.Items[i], schema.Items);
            _path.RemoveAt(_path.Count - 1);
        }
    }

    private void CheckString(YamlScalar s, SchemaNode schema)
    {
        var v = s.Value;
        var control = WireGrammar.FirstControl(v, allowLineBreaks: schema.Wire == "text");
        var (code, problem) = control >= 0
            ? (DiagnosticCodes.ControlCharacter, $"holds the control character U+{(int)v[control]:X4} at {control + 1}; "
                + "CR, LF, NUL and other control characters may not reach a request: remove it")
            : schema.MaxLength is { } max && v.Length > max ? (DiagnosticCodes.InvalidField, $"is {v.Length} characters long; at most {max} are allowed")
            : schema.MinLength is { } min && v.Length < min ? (DiagnosticCodes.InvalidField, $"is {v.Length} characters long; at least {min} are needed")
            : schema.Enum is { } values && !values.Contains(v) ? (DiagnosticCodes.InvalidField, $"is '{Short(v)}'; it must be one of {string.Join(", ", values)}")
            : !schema.MatchesPattern(v) ? (DiagnosticCodes.InvalidField, $"'{Short(v)}' does not match {schema.Pattern}")
            : schema.Wire is { } wire && WireGrammar.Check(wire, v) is { } bad ? (WireCode(wire), bad)
            : (null, null);
        if (code is not null)
        {
            Error(code, s, $"{Path()} {problem}");
        }
    }

    private static string WireCode(string wire) => wire switch
    {
        "path" => DiagnosticCodes.InvalidPath,
        "dns-subdomain" => DiagnosticCodes.InvalidName,
        _ => DiagnosticCodes.InvalidField,
    };

    private void CheckNumber(YamlScalar s, SchemaNode schema)
    {
        var styles = schema.Type == "integer" ? NumberStyles.AllowLeadingSign : NumberStyles.Float;
        if (!decimal.TryParse(s.Value, styles, CultureInfo.InvariantCulture, out var value))
        {
            Error(DiagnosticCodes.InvalidField, s, $"{Path()} must be {(schema.Type == "integer" ? "an integer" : "a number")}, not '{Short(s.Value)}'");
        }
        else if (value < schema.Minimum || value > schema.Maximum)
        {
            Error(DiagnosticCodes.OutOfRange, s, $"{Path()} is {value}; it must be between {schema.Minimum?.ToString(CultureInfo.InvariantCulture) ?? "-∞"} and {schema.Maximum?.ToString(CultureInfo.InvariantCulture) ?? "∞"}");
        }
    }

    private YamlScalar? ExpectScalar(YamlNode node, string expected)
    {
        if (node is YamlScalar s)
        {
            return s;
        }

        Error(DiagnosticCodes.InvalidField, node, $"{Path()} must be {expected}, not {node.ShapeName}");
        return null;
    }

    private void Error(string code, YamlNode at, string message) => Error(code, at.Mark, message);

    private void Error(string code, SourceMark at, string message)
    {
        _errors++;
        _diagnostics.SchemaError(code, at, message);
    }

    // https://kubernetes.io/docs/tasks/extend-kubernetes/custom-resources/custom-resource-definitions/#validation-rules:
    // each rule on a node is evaluated with self bound to the node's value; a false one is refused with its message.
    private void CheckRules(YamlNode node, SchemaNode schema, object value)
    {
        var rules = schema.Rules;
        for (var i = 0; i < rules.Count; i++)
        {
            var rule = rules[i];
            if (CelRuleEvaluator.Evaluate(rule, value) is false)
            {
                var at = rule.FieldPath is { } fieldPath ? RuleFieldPath.Find(node, fieldPath) : node;
                _diagnostics.SchemaError(DiagnosticCodes.RuleViolation, at.Mark, $"{Path() ?? _kind}: {rule.Text}");
            }
        }
    }

    private string? Path() => _path.Count == 0 ? null : Render(_path.Count, indices: true);

    private string ParentPath() => _path.Count <= 1 ? _kind : Render(_path.Count - 1, indices: true);

    // HTTPRoute.spec.rules[].backendRefs[]: the type that names the fields, without the item numbers.
    private string TypeName() => _path.Count <= 1 ? _kind : _kind + "." + Render(_path.Count - 1, indices: false);

    private string Render(int count, bool indices)
    {
        var text = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            var (key, index) = _path[i];
            if (key is null)
            {
                text.Append(indices ? $"[{index}]" : "[]");
            }
            else
            {
                text.Append(i == 0 ? "" : ".").Append(key);
            }
        }

        return text.ToString();
    }

    private static string Short(string s) => DisplayText.Shorten(s, 65);
}
