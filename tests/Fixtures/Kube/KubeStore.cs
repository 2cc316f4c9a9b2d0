using System.Globalization;
using System.Text.Json.Nodes;

namespace GitGateway.Fixtures.Kube;

/// <summary>
/// The emulator's objects and their history, as etcd behind the API server: one resourceVersion counter over all
/// kinds, every change recorded so a watch can resume from a version, and compaction that makes older versions
/// answer 410 Gone. Writes with a stale <c>metadata.resourceVersion</c> conflict (409), as optimistic concurrency does.
/// </summary>
public sealed class KubeStore
{
    private readonly Lock _lock = new();
    private readonly Dictionary<(KubeKind Kind, string Ns, string Name), JsonObject> _objects = [];
    private readonly List<KubeWatchEvent> _history = [];
    private readonly List<KubeWatchSubscription> _watches = [];
    private readonly Dictionary<KubeKind, Queue<Action<JsonObject>>> _interleaved = [];
    private long _version = 1000;
    private long _compacted;

    /// <summary>The newest resourceVersion.</summary>
    public long ResourceVersion
    {
        get
        {
            lock (_lock)
            {
                return _version;
            }
        }
    }

    /// <summary>Watches open now.</summary>
    public int OpenWatches
    {
        get
        {
            lock (_lock)
            {
                return _watches.Count;
            }
        }
    }

    /// <summary>Watches of <paramref name="kind"/> open now.</summary>
    public int OpenWatchesOf(KubeKind kind)
    {
        lock (_lock)
        {
            return _watches.Count(w => w.Kind == kind);
        }
    }

    /// <summary>A copy of one object, or null.</summary>
    public JsonObject? Get(KubeKind kind, string ns, string name)
    {
        lock (_lock)
        {
            return _objects.TryGetValue((kind, ns, name), out var obj) ? (JsonObject)obj.DeepClone() : null;
        }
    }

    /// <summary>Copies of the objects of a kind (in one namespace or all) that the selector matches, and the list's version.</summary>
    internal (long Version, List<JsonObject> Items) List(KubeKind kind, string? ns, KubeSelector selector)
    {
        lock (_lock)
        {
            var items = _objects.Where(o => o.Key.Kind == kind && (ns is null || o.Key.Ns == ns) && selector.Matches(o.Value))
                .OrderBy(o => o.Key.Ns, StringComparer.Ordinal).ThenBy(o => o.Key.Name, StringComparer.Ordinal)
                .Select(o => (JsonObject)o.Value.DeepClone()).ToList();
            return (_version, items);
        }
    }

    /// <summary>Creates or replaces an object as a test's setup would (no concurrency check, status kept as given).</summary>
    public JsonObject Put(KubeKind kind, string ns, JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(kind);
        ArgumentNullException.ThrowIfNull(obj);
        lock (_lock)
        {
            var name = Metadata(obj)["name"]!.GetValue<string>();
            return Commit(kind, ns, name, (JsonObject)obj.DeepClone(), _objects.ContainsKey((kind, ns, name)) ? "MODIFIED" : "ADDED");
        }
    }

    /// <summary>Deletes an object; false when there was none.</summary>
    public bool Delete(KubeKind kind, string ns, string name)
    {
        lock (_lock)
        {
            if (!_objects.Remove((kind, ns, name), out var obj))
            {
                return false;
            }

            var deleted = (JsonObject)obj.DeepClone();
            Metadata(deleted)["resourceVersion"] = Next();
            Record(new KubeWatchEvent("DELETED", _version, kind, ns, deleted));
            return true;
        }
    }

    /// <summary>
    /// Forgets the history: a watch or list continuing from any version before now gets 410 Gone, and every open
    /// watch is sent a 410 ERROR event and closed, as the API server does when its watch cache falls behind.
    /// </summary>
    public void Expire()
    {
        lock (_lock)
        {
            _compacted = _version;
            _history.Clear();
            var gone = KubeJson.Line("ERROR", KubeJson.Status(410, "Expired", "too old resource version"));
            foreach (var watch in _watches)
            {
                watch.Lines.Writer.TryWrite(gone);
                watch.Lines.Writer.TryComplete();
            }

            _watches.Clear();
        }
    }

    /// <summary>Closes every open watch from the server side, as an API server restart or a load balancer would.</summary>
    public void DropWatches()
    {
        lock (_lock)
        {
            foreach (var watch in _watches)
            {
                watch.Lines.Writer.TryComplete();
            }

            _watches.Clear();
        }
    }

    /// <summary>Sends a BOOKMARK with the newest version to every watch that allowed bookmarks.</summary>
    public void SendBookmarks()
    {
        lock (_lock)
        {
            foreach (var watch in _watches.Where(w => w.Bookmarks))
            {
                watch.Lines.Writer.TryWrite(KubeJson.Line("BOOKMARK", KubeJson.Bookmark(watch.Kind, _version)));
            }
        }
    }

    /// <summary>
    /// Has another writer change an object of <paramref name="kind"/> just before the next replace of it arrives (the
    /// change is committed as a new version), so a replace that carries the version it read conflicts (409), as
    /// when two writers race in a real cluster.
    /// </summary>
    public void Interleave(KubeKind kind, Action<JsonObject> change)
    {
        lock (_lock)
        {
            if (!_interleaved.TryGetValue(kind, out var queue))
            {
                _interleaved[kind] = queue = new Queue<Action<JsonObject>>();
            }

            queue.Enqueue(change);
        }
    }

    /// <summary>Writes from the REST handlers: create (409 when it exists), replace, status replace, merge patch.</summary>
    internal (int Code, JsonObject Body) Write(KubeRequestPath path, string method, JsonObject body, bool mergePatch, string? fieldManager = null)
    {
        var ns = path.Namespace!;
        lock (_lock)
        {
            var name = path.Name ?? Metadata(body)["name"]?.GetValue<string>();
            if (string.IsNullOrEmpty(name))
            {
                return (422, KubeJson.Status(422, "Invalid", "metadata.name: Required value"));
            }

            _objects.TryGetValue((path.Kind, ns, name), out var current);
            if (method == "POST")
            {
                return current is not null
                    ? (409, KubeJson.Status(409, "AlreadyExists", $"{path.Kind.Plural} \"{name}\" already exists"))
                    : (201, Commit(path.Kind, ns, name, KubeManagedFields.Record(Shape(path.Kind, null, body, status: false), null, fieldManager, "Update", null), "ADDED"));
            }

            if (current is null)
            {
                return (404, KubeJson.Status(404, "NotFound", $"{path.Kind.Plural} \"{name}\" not found"));
            }

            if (method == "PUT" && _interleaved.TryGetValue(path.Kind, out var others) && others.TryDequeue(out var other))
            {
                var changed = (JsonObject)current.DeepClone();
                other(changed);
                current = Commit(path.Kind, ns, name, changed, "MODIFIED");
            }

            var next = mergePatch ? KubeJson.MergePatch((JsonObject)current.DeepClone(), body) : body;
            var expected = Metadata(body)["resourceVersion"]?.GetValue<string>();
            if (!mergePatch && !string.IsNullOrEmpty(expected) && expected != Metadata(current)["resourceVersion"]?.GetValue<string>())
            {
                return (409, KubeJson.Status(409, "Conflict", $"Operation cannot be fulfilled on {path.Kind.Plural} \"{name}\": the object has been modified"));
            }

            var stored = KubeManagedFields.Record(Shape(path.Kind, current, next, path.Status), current, fieldManager, "Update", path.Status ? "status" : null);
            return (200, Commit(path.Kind, ns, name, stored, "MODIFIED"));
        }
    }

    /// <summary>Opens a watch from a version: null when that version is compacted away (410), else the subscription with its backlog queued.</summary>
    internal KubeWatchSubscription? Watch(KubeKind kind, string? ns, KubeSelector selector, string? fromVersion, bool bookmarks)
    {
        lock (_lock)
        {
            var watch = new KubeWatchSubscription(kind, ns, selector, bookmarks);
            if (string.IsNullOrEmpty(fromVersion) || fromVersion == "0")
            {
                foreach (var item in List(kind, ns, selector).Items)
                {
                    watch.Lines.Writer.TryWrite(KubeJson.Line("ADDED", item));
                }
            }
            else
            {
                if (!long.TryParse(fromVersion, NumberStyles.None, CultureInfo.InvariantCulture, out var from) || from < _compacted)
                {
                    return null;
                }

                foreach (var e in _history.Where(e => e.ResourceVersion > from && watch.Wants(e)))
                {
                    watch.Lines.Writer.TryWrite(KubeJson.Line(e.Type, e.Object));
                }
            }

            _watches.Add(watch);
            return watch;
        }
    }

    internal void Unwatch(KubeWatchSubscription watch)
    {
        lock (_lock)
        {
            _watches.Remove(watch);
        }
    }

    /// <summary>The object as stored after a write: the main resource keeps the stored status, /status keeps the rest.</summary>
    private static JsonObject Shape(KubeKind kind, JsonObject? current, JsonObject next, bool status)
    {
        var shaped = (JsonObject)next.DeepClone();
        if (status && current is not null)
        {
            var rest = (JsonObject)current.DeepClone();
            rest["status"] = shaped["status"]?.DeepClone();
            return rest;
        }

        if (kind.HasStatus)
        {
            shaped["status"] = current?["status"]?.DeepClone();
            if (shaped["status"] is null)
            {
                shaped.Remove("status");
            }
        }

        return shaped;
    }

    private JsonObject Commit(KubeKind kind, string ns, string name, JsonObject obj, string type)
    {
        obj["apiVersion"] = kind.ApiVersion;
        obj["kind"] = kind.Kind;
        var metadata = Metadata(obj);
        var previous = _objects.TryGetValue((kind, ns, name), out var old) ? Metadata(old) : null;
        metadata["name"] = name;
        metadata["namespace"] = ns;
        metadata["uid"] = previous?["uid"]?.DeepClone() ?? Guid.NewGuid().ToString();
        metadata["creationTimestamp"] = previous?["creationTimestamp"]?.DeepClone() ?? DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        metadata["generation"] = (previous?["generation"]?.GetValue<long>() ?? 0) + (SpecChanged(old, obj) ? 1 : 0);
        metadata["resourceVersion"] = Next();
        _objects[(kind, ns, name)] = obj;
        Record(new KubeWatchEvent(type, _version, kind, ns, (JsonObject)obj.DeepClone()));
        return (JsonObject)obj.DeepClone();
    }

    private static bool SpecChanged(JsonObject? old, JsonObject next) =>
        old is null || !JsonNode.DeepEquals(old["spec"], next["spec"]);

    private void Record(KubeWatchEvent e)
    {
        _history.Add(e);
        var line = KubeJson.Line(e.Type, e.Object);
        foreach (var watch in _watches.Where(w => w.Wants(e)))
        {
            watch.Lines.Writer.TryWrite(line);
        }
    }

    private string Next() => (++_version).ToString(CultureInfo.InvariantCulture);

    private static JsonObject Metadata(JsonObject obj)
    {
        if (obj["metadata"] is not JsonObject metadata)
        {
            metadata = [];
            obj["metadata"] = metadata;
        }

        return metadata;
    }
}
