using System.Net.Http.Json;
using System.Text.RegularExpressions;
using StudioManager.Tests.Infrastructure;

namespace StudioManager.Tests.Platform;

/// <summary>Grows a studio's team through the real invitation flow (API, email over SMTP, accept).</summary>
public static class Team
{
    /// <summary>Invites a new person with this role into the owner's studio, accepts as them and returns their session.</summary>
    public static async Task<StudioSession> AddMemberAsync(this StudioAppFactory app, StudioSession inviter, string role)
    {
        var email = StudioApi.NewEmail(role);
        var token = await app.InviteAsync(inviter, email, role);
        const string password = "Passw0rd-member";
        var accepted = await app.CreateClient().PostAsJsonAsync("/api/invitations/accept", new { token, name = $"New {role}", password });
        await StudioApi.EnsureAsync(accepted);
        var userId = (await accepted.ReadJsonAsync()).GetProperty("user").GetProperty("id").GetInt32();
        return new StudioSession(await app.LoginAsync(email, password), email, password, userId, inviter.StudioId, inviter.Slug);
    }

    /// <summary>Invites through the API and returns the token read from the email's link.</summary>
    public static async Task<string> InviteAsync(this StudioAppFactory app, StudioSession inviter, string email, string role)
    {
        await StudioApi.EnsureAsync(await inviter.Http.PostAsJsonAsync(inviter.Api("/invitations"), new { email, role }));
        return TokenOf(await app.Smtp.WaitForAsync(email, m => m.TextBody?.Contains(inviter.Slug) == true || m.Subject?.Contains("invited") == true));
    }

    public static string LinkOf(MimeKit.MimeMessage message) =>
        Regex.Match(message.TextBody ?? "", @"http://studio\.test/invitations/accept\?token=[A-Za-z0-9_\-]+").Value;

    public static string TokenOf(MimeKit.MimeMessage message) => LinkOf(message).Split("token=")[1];
}
