using System.Text.Json;
using GitGateway.Plan.Model;
using GitGateway.Plan.Serialization;
using M = GitGateway.Plan.Serialization.PlanJsonMembers;

namespace GitGateway.Plan.Delta;

/// <summary>
/// The canonical bytes of each route entry of the plan a node rebuilt last, by entry object: the next rebuild copies
/// them for the entries a delta carries over (the same objects) and writes only the entries it sends. The plan's bytes
/// come out exactly as a whole serialisation writes them, because a record's bytes depend on nothing but the record,
/// which never changes, and each cached array was written from that very object; the hash is taken over them as before.
/// It keeps the entries of the last plan written through it only (<see cref="Commit"/>), so it holds one plan's
/// entries at most. Not thread-safe: one node's plan source uses one.
/// </summary>
public sealed class RouteEntryBytes
{
    private Dictionary<RouteEntry, byte[]> _last = new(ReferenceEqualityComparer.Instance);
    private Dictionary<RouteEntry, byte[]> _next = new(ReferenceEqualityComparer.Instance);

    /// <summary>Entries copied from the plan before, in all rebuilds so far.</summary>
    public long Reused { get; private set; }

    /// <summary>Entries written, in all rebuilds so far.</summary>
    public long Written { get; private set; }

    /// <summary>Writes <paramref name="entry"/> as the canonical writer does, from its cached bytes when it has them.</summary>
    internal void Write(Utf8JsonWriter writer, RouteEntry? entry)
    {
        if (entry is null)
        {
            writer.WriteNullValue();
            return;
        }

        if (!_next.TryGetValue(entry, out var bytes))
        {
            if (_last.TryGetValue(entry, out bytes))
            {
                Reused++;
            }
            else
            {
                bytes = Serialize(entry);
                Written++;
            }

            _next[entry] = bytes;
        }

        writer.WriteRawValue(bytes, skipInputValidation: true);
    }

    /// <summary>Keeps the entries written since the last commit, for the next plan; drops the others.</summary>
    public void Commit()
    {
        _last = _next;
        _next = new Dictionary<RouteEntry, byte[]>(_last.Count, ReferenceEqualityComparer.Instance);
    }

    /// <summary>Forgets the entries written since the last commit (the plan they made was refused).</summary>
    public void Discard() => _next.Clear();

    private static byte[] Serialize(RouteEntry entry)
    {
        using var output = new PooledBufferWriter();
        using (var writer = new Utf8JsonWriter(output, M.Options(indented: false)))
        {
            M.Value(writer, entry, RouteEntryWriter.Entry);
        }

        return output.WrittenSpan.ToArray();
    }
}
