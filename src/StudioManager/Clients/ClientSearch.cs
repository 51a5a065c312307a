using System.Globalization;
using System.Text;

namespace StudioManager.Clients;

/// <summary>What `q` searches: the maintained clients.search_text column, lower-cased and without accents, holding
/// name, artist and company name, emails, phones (as typed and digits only, so "0612" finds "06 12 …") and genres.</summary>
public static class ClientSearch
{
    private const int MaxLength = 2000;
    private const int MaxWords = 8;

    public static string TextOf(Client c)
    {
        var parts = new List<string?> { c.Name, c.ArtistName, c.CompanyName, c.Email, c.SecondaryEmail, c.Phone, DigitsOf(c.Phone), c.SecondaryPhone, DigitsOf(c.SecondaryPhone) };
        parts.AddRange(c.Genres);
        var text = Fold(string.Join(' ', parts.Where(p => !string.IsNullOrWhiteSpace(p))));
        return text.Length <= MaxLength ? text : text[..MaxLength];
    }

    /// <summary>The words of a query, folded like the column; every one must match.</summary>
    public static IReadOnlyList<string> WordsOf(string? q) =>
        string.IsNullOrWhiteSpace(q) ? [] : Fold(q).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Distinct().Take(MaxWords).ToList();

    /// <summary>A LIKE pattern matching the word anywhere, with \ escaping the wildcards.</summary>
    public static string ContainsPattern(string word) =>
        "%" + word.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_") + "%";

    /// <summary>"Zoé DUPONT" → "zoe dupont".</summary>
    public static string Fold(string s)
    {
        var sb = new StringBuilder(s.Length);
        foreach (var ch in s.Normalize(NormalizationForm.FormD))
            if (CharUnicodeInfo.GetUnicodeCategory(ch) != UnicodeCategory.NonSpacingMark) sb.Append(char.ToLowerInvariant(ch));
        return sb.ToString().Normalize(NormalizationForm.FormC);
    }

    private static string? DigitsOf(string? phone)
    {
        if (phone is null) return null;
        var digits = new string(phone.Where(char.IsAsciiDigit).ToArray());
        return digits.Length > 0 && digits != phone ? digits : null;
    }
}
