namespace GitGateway.Renderer.Schemas;

/// <summary>
/// Compiles a CEL rule, as <see cref="CelPresence.Rewrite"/> leaves it, into closures (<see cref="CelNode"/>) in one
/// recursive-descent pass over the grammar of the CEL spec
/// (https://github.com/google/cel-spec/blob/master/doc/langdef.md#syntax), for the constructs the vendored CRD rules
/// use: literals (int, string, bool, list), variables, field selects, index, <c>!</c>, <c>&amp;&amp;</c>,
/// <c>||</c>, <c>?:</c>, the relations, <c>in</c>, <c>+</c>, the functions of <see cref="CelOperations"/> and the
/// macros <c>all</c>, <c>exists</c>, <c>exists_one</c>, <c>filter</c>. Anything else throws
/// <see cref="NotSupportedException"/> and the rule stays with the <c>Cel</c> package.
/// </summary>
internal sealed class CelCompiler
{
    private static readonly HashSet<string> Macros = new(StringComparer.Ordinal) { "all", "exists", "exists_one", "filter" };
    private readonly List<CelToken> _tokens;
    private readonly List<string> _scope = ["self"];
    private readonly HashSet<CelNode> _constants = [];
    private int _position;

    private CelCompiler(string expression) => _tokens = CelToken.Read(expression);

    /// <summary>The slots a frame needs: <c>self</c> and the deepest nesting of macro variables.</summary>
    private int Slots { get; set; } = 1;

    /// <summary>The compiled <paramref name="expression"/> and its frame size, or null when it uses a construct not compiled here.</summary>
    public static (CelNode Root, int Slots)? Compile(string expression)
    {
        try
        {
            var compiler = new CelCompiler(expression);
            var root = compiler.Expression();
            return compiler.Peek.Kind == CelTokenKind.End ? (root, compiler.Slots) : null;
        }
        catch (NotSupportedException)
        {
            return null;
        }
    }

    private CelToken Peek => _tokens[_position];

    private CelToken Next() => _tokens[_position++];

    private void Expect(string mark)
    {
        if (!Next().Is(mark))
        {
            throw new NotSupportedException($"expected '{mark}'");
        }
    }

    private bool Accept(string mark)
    {
        if (!Peek.Is(mark))
        {
            return false;
        }

        _position++;
        return true;
    }

    private CelNode Expression()
    {
        var condition = Or();
        if (!Accept("?"))
        {
            return condition;
        }

        var then = Or();
        Expect(":");
        var otherwise = Expression();
        return f => CelOperations.Condition(condition(f)) switch
        {
            true => then(f),
            false => otherwise(f),
            null => CelOperations.Unknown,
        };
    }

    private CelNode Or() => Logical("||", And, decisive: true);

    private CelNode And() => Logical("&&", Relation, decisive: false);

    // a || b (decisive true) and a && b (decisive false): a decides when it is the decisive value, else b, as a bool.
    private CelNode Logical(string mark, Func<CelNode> operand, bool decisive)
    {
        var left = operand();
        while (Accept(mark))
        {
            var (a, b) = (left, operand());
            left = f => CelOperations.Condition(a(f)) switch
            {
                null => CelOperations.Unknown,
                { } value when value == decisive => CelOperations.Boolean(decisive),
                _ => CelOperations.Boolean(b(f)),
            };
        }

        return left;
    }

    private CelNode Relation()
    {
        var left = Addition();
        while (Peek.Kind == CelTokenKind.Punctuation && Peek.Text is "==" or "!=" or "<" or "<=" or ">" or ">=" || Peek is { Kind: CelTokenKind.Identifier, Text: "in" })
        {
            var op = Next().Text;
            var (a, b) = (left, Addition());
            left = op switch
            {
                "==" => f => CelOperations.Equal(a(f), b(f)),
                "!=" => f => CelOperations.Not(CelOperations.Equal(a(f), b(f))),
                "in" => f => CelOperations.In(a(f), b(f)),
                _ => f => CelOperations.Compare(op, a(f), b(f)),
            };
        }

        return left;
    }

    private CelNode Addition()
    {
        var left = Unary();
        while (Accept("+"))
        {
            var (a, b) = (left, Unary());
            left = f => CelOperations.Add(a(f), b(f));
        }

        return left;
    }

    private CelNode Unary()
    {
        if (!Accept("!"))
        {
            return Member();
        }

        var operand = Unary();
        return f => CelOperations.Not(operand(f));
    }

    private CelNode Member()
    {
        var node = Primary();
        while (true)
        {
            if (Accept("["))
            {
                var (target, index) = (node, Expression());
                Expect("]");
                node = f => CelOperations.Index(target(f), index(f));
            }
            else if (Accept("."))
            {
                node = Selection(node, Identifier());
            }
            else
            {
                return node;
            }
        }
    }

    private CelNode Selection(CelNode target, string name)
    {
        if (!Accept("("))
        {
            return f => CelOperations.Select(target(f), name);
        }

        if (Macros.Contains(name))
        {
            return Macro(target, name);
        }

        var arguments = Arguments();
        return CelOperations.Method(name, target, arguments) ?? throw new NotSupportedException(name);
    }

    private CelNode Macro(CelNode target, string name)
    {
        var variable = Identifier();
        Expect(",");
        _scope.Add(variable);
        Slots = Math.Max(Slots, _scope.Count);
        var slot = _scope.Count - 1;
        var predicate = Expression();
        _scope.RemoveAt(slot);
        Expect(")");
        return f => CelOperations.Comprehension(name, target(f), slot, predicate, f);
    }

    private List<CelNode> Arguments()
    {
        var arguments = new List<CelNode>();
        if (Accept(")"))
        {
            return arguments;
        }

        do
        {
            arguments.Add(Expression());
        }
        while (Accept(","));
        Expect(")");
        return arguments;
    }

    private string Identifier() => Next() is { Kind: CelTokenKind.Identifier } t ? t.Text : throw new NotSupportedException("expected a name");

    private CelNode Primary()
    {
        var token = Next();
        switch (token.Kind)
        {
            case CelTokenKind.Integer or CelTokenKind.String:
                return Constant(token.Value);
            case CelTokenKind.Identifier when token.Text is "true" or "false":
                return Constant(CelOperations.Boolean(token.Text == "true"));
            case CelTokenKind.Identifier when Accept("("):
                return CelOperations.Function(token.Text, Arguments()) ?? throw new NotSupportedException(token.Text);
            case CelTokenKind.Identifier:
                var slot = _scope.LastIndexOf(token.Text);
                return slot >= 0 ? f => f[slot] : throw new NotSupportedException(token.Text);
            case CelTokenKind.Punctuation when token.Text == "(":
                var inner = Expression();
                Expect(")");
                return inner;
            case CelTokenKind.Punctuation when token.Text == "[":
                var items = Accept("]") ? [] : ListItems();
                return items.All(_constants.Contains)
                    ? Constant(items.Select(i => i([])).ToList())
                    : f => items.Select(i => i(f)).ToList();
            default:
                throw new NotSupportedException(token.Text);
        }
    }

    private CelNode Constant(object? value)
    {
        CelNode node = _ => value;
        _constants.Add(node);
        return node;
    }

    private List<CelNode> ListItems()
    {
        var items = new List<CelNode>();
        do
        {
            items.Add(Expression());
        }
        while (Accept(","));
        Expect("]");
        return items;
    }
}
