using GitGateway.Plan.Model;
using GitGateway.Renderer.Diagnostics;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace GitGateway.Renderer.Manifests;

/// <summary>Builds one document's tree from parser events without recursion, enforcing the limits.</summary>
internal sealed class YamlTreeBuilder
{
    private readonly string _file;
    private readonly DiagnosticBag _diagnostics;
    private readonly Dictionary<string, (YamlNode Node, int Size)> _anchors = new(StringComparer.Ordinal);
    private readonly Stack<Frame> _stack = new();
    private int _aliases;
    private int _nodes;

    public YamlTreeBuilder(string file, DiagnosticBag diagnostics)
    {
        _file = file;
        _diagnostics = diagnostics;
    }

    /// <summary>True when a limit was breached: the rest of the file is not read.</summary>
    public bool Aborted { get; private set; }

    /// <summary>Reads from just after DocumentStart to DocumentEnd; returns the root or null.</summary>
    public YamlNode? ReadDocument(IParser parser)
    {
        YamlNode? root = null;
        while (parser.MoveNext())
        {
            var ev = parser.Current!;
            if (ev is DocumentEnd)
            {
                return root;
            }

            var done = Handle(ev);
            if (Aborted)
            {
                return null;
            }

            if (done is not null)
            {
                if (_stack.Count == 0)
                {
                    root = done.Value.Node;
                }
                else
                {
                    Add(done.Value.Node, done.Value.Size);
                }
            }
        }

        return root;
    }

    private (YamlNode Node, int Size)? Handle(ParsingEvent ev)
    {
        // A mark only for the events that keep one: an end event's node has its start's.
        switch (ev)
        {
            case Scalar s:
                return Complete(new YamlScalar(s.Value, s.Style is ScalarStyle.Plain or ScalarStyle.Any, Mark(ev)), 1, s.Anchor);
            case AnchorAlias a:
                return Alias(a, Mark(ev));
            case MappingStart m:
                Push(new Frame(Mark(ev), m.Anchor, isMapping: true));
                return null;
            case SequenceStart q:
                Push(new Frame(Mark(ev), q.Anchor, isMapping: false));
                return null;
            case MappingEnd or SequenceEnd:
                var frame = _stack.Pop();
                return Complete(frame.Build(), frame.Size, frame.Anchor);
            default:
                return null;
        }
    }

    private SourceMark Mark(ParsingEvent ev) => YamlDocumentReader.ToMark(_file, ev.Start);

    private void Push(Frame frame)
    {
        if (_stack.Count >= YamlLimits.MaxDepth)
        {
            Abort(DiagnosticCodes.NestingTooDeep, frame.Mark,
                $"the YAML nests deeper than {YamlLimits.MaxDepth} levels: manifests never need this; flatten the structure");
            return;
        }

        _stack.Push(frame);
    }

    private (YamlNode Node, int Size)? Complete(YamlNode node, int size, AnchorName anchor)
    {
        if (!anchor.IsEmpty)
        {
            _anchors[anchor.Value] = (node, size);
        }

        return (node, size);
    }

    private (YamlNode Node, int Size)? Alias(AnchorAlias alias, SourceMark mark)
    {
        if (!_anchors.TryGetValue(alias.Value.Value, out var target))
        {
            Abort(DiagnosticCodes.YamlSyntax, mark, $"the alias '*{alias.Value.Value}' names no anchor defined before it: define '&{alias.Value.Value}' first");
            return null;
        }

        if (++_aliases > YamlLimits.MaxAliasesPerDocument)
        {
            Abort(DiagnosticCodes.AliasLimit, mark,
                $"the document uses more than {YamlLimits.MaxAliasesPerDocument} aliases: write the values out instead of using anchors");
            return null;
        }

        return target;
    }

    private void Add(YamlNode node, int size)
    {
        _nodes += size;
        if (_nodes > YamlLimits.MaxNodesPerDocument)
        {
            Abort(DiagnosticCodes.AliasLimit, node.Mark,
                $"the document expands to more than {YamlLimits.MaxNodesPerDocument} nodes (anchors and aliases multiply it): write it without nested aliases or split it");
            return;
        }

        var frame = _stack.Peek();
        frame.Add(node, size, _diagnostics);
    }

    private void Abort(string code, SourceMark mark, string message)
    {
        if (!Aborted)
        {
            _diagnostics.Error(code, mark, message);
        }

        Aborted = true;
    }

    // A mapping's frame keeps its entries and their keys, a sequence's its items: nothing else is allocated.
    private sealed class Frame(SourceMark mark, AnchorName anchor, bool isMapping)
    {
        private readonly List<YamlNode>? _items = isMapping ? null : [];
        private readonly List<KeyValuePair<YamlKey, YamlNode>>? _entries = isMapping ? [] : null;
        private readonly Dictionary<string, KeyValuePair<YamlKey, YamlNode>>? _keys = isMapping ? new(StringComparer.Ordinal) : null;
        private YamlKey? _pendingKey;
        private bool _skipValue;

        public SourceMark Mark { get; } = mark;

        public AnchorName Anchor { get; } = anchor;

        public int Size { get; private set; } = 1;

        public void Add(YamlNode node, int size, DiagnosticBag diagnostics)
        {
            Size = (int)Math.Min(int.MaxValue, (long)Size + size);
            if (!isMapping)
            {
                _items!.Add(node);
                return;
            }

            if (_pendingKey is null && !_skipValue)
            {
                AddKey(node, diagnostics);
                return;
            }

            if (_pendingKey is not null)
            {
                var entry = new KeyValuePair<YamlKey, YamlNode>(_pendingKey.Value, node);
                _entries!.Add(entry);
                _keys![entry.Key.Value] = entry;
            }

            _pendingKey = null;
            _skipValue = false;
        }

        public YamlNode Build() => isMapping ? new YamlMapping(_entries!, _keys!, Mark) : new YamlSequence(_items!, Mark);

        private void AddKey(YamlNode node, DiagnosticBag diagnostics)
        {
            _skipValue = true;
            if (node is not YamlScalar key)
            {
                diagnostics.Error(DiagnosticCodes.InvalidField, node.Mark, "a mapping key must be a plain string: manifests do not use complex keys");
                return;
            }

            if (!_keys!.TryAdd(key.Value, default))
            {
                diagnostics.Error(DiagnosticCodes.DuplicateKey, key.Mark,
                    $"the key '{key.Value}' appears twice in this mapping; the first one is used: remove one");
                return;
            }

            _pendingKey = new YamlKey(key.Value, key.Plain, key.Mark);
            _skipValue = false;
        }
    }
}
