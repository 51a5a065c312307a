using StudioManager.Clients;

namespace StudioManager.Tests.Unit;

/// <summary>What the client search folds, splits and escapes (ClientSearch). No app, no database.</summary>
public sealed class ClientSearchRulesTests
{
    [Theory]
    [InlineData("Zoé DUPONT", "zoe dupont")]
    [InlineData("Ñandú", "nandu")]
    [InlineData("ÇA VA", "ca va")]
    [InlineData("Ünïcödé", "unicode")]
    [InlineData("e\u0301te\u0301", "ete")] // already decomposed: e + combining acute
    [InlineData("Dvořák", "dvorak")]
    [InlineData("MC Bellwether 2", "mc bellwether 2")]
    [InlineData("🎸 Riff", "🎸 riff")]
    [InlineData("", "")]
    public void ShouldFoldCaseAndAccents(string text, string folded) => Assert.Equal(folded, ClientSearch.Fold(text));

    [Theory]
    [InlineData(null, new string[0])]
    [InlineData("", new string[0])]
    [InlineData("   \t ", new string[0])]
    [InlineData("Zoé", new[] { "zoe" })]
    [InlineData("  Zoé \t MARTIN\n", new[] { "zoe", "martin" })]
    [InlineData("rock Rock ROCK pop", new[] { "rock", "pop" })]
    [InlineData("a b c d e f g h i j", new[] { "a", "b", "c", "d", "e", "f", "g", "h" })] // at most 8 words
    [InlineData("06 12", new[] { "06", "12" })]
    public void ShouldSplitAQueryIntoDistinctFoldedWords(string? q, string[] words) => Assert.Equal(words, ClientSearch.WordsOf(q));

    [Theory]
    [InlineData("zoe", "%zoe%")]
    [InlineData("50%", "%50\\%%")]
    [InlineData("a_b", "%a\\_b%")]
    [InlineData("c:\\dir", "%c:\\\\dir%")]
    [InlineData("\\%_", "%\\\\\\%\\_%")]
    public void ShouldEscapeLikeWildcardsWithABackslash(string word, string pattern) =>
        Assert.Equal(pattern, ClientSearch.ContainsPattern(word));

    [Fact]
    public void ShouldSearchNamesEmailsPhonesAsTypedAndAsDigitsAndGenres()
    {
        var text = ClientSearch.TextOf(new Client
        {
            Name = "Léa Moreau", ArtistName = "Lune Pâle", CompanyName = "Pâle SARL", Email = "Lea@Example.com", SecondaryEmail = "b@example.com",
            Phone = "+33 6 12 34", SecondaryPhone = "0612", Genres = ["Dream pop", "Électro"], City = "Lyon", BillingNotes = "secret",
        });

        Assert.Equal("lea moreau lune pale pale sarl lea@example.com b@example.com +33 6 12 34 3361234 0612 dream pop electro", text);
    }

    [Fact]
    public void ShouldKeepTheSearchTextWithinItsColumn()
    {
        var text = ClientSearch.TextOf(new Client { Name = "n", Genres = Enumerable.Repeat(new string('g', 100), 50).ToList() });
        Assert.Equal(2000, text.Length);
    }
}
