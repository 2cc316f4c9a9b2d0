namespace GitGateway.Reconciler.Review;

/// <summary>ToDictionary where a later duplicate key replaces the earlier value.</summary>
internal static class DictionaryExtensions
{
    public static Dictionary<TKey, TValue> ToDictionary<TSource, TKey, TValue>(this IEnumerable<TSource> source, Func<TSource, TKey> key, Func<TSource, TValue> value, IEqualityComparer<TKey> comparer, bool overwrite)
        where TKey : notnull
    {
        var result = new Dictionary<TKey, TValue>(comparer);
        foreach (var item in source)
        {
            if (overwrite || !result.ContainsKey(key(item)))
            {
                result[key(item)] = value(item);
            }
        }

        return result;
    }
}
