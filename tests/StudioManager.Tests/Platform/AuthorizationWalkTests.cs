using System.Net;
using System.Reflection;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.DependencyInjection;
using StudioManager.Infrastructure.Errors;
using StudioManager.Platform;
using StudioManager.Platform.Tenancy;
using StudioManager.Tests.Identity;
using StudioManager.Tests.Infrastructure;

namespace StudioManager.Tests.Platform;

/// <summary>Default-deny, walked: every studio endpoint, page and use case declares a permission (or that any member
/// may use it); signed in as each role, every endpoint and page answers 403 exactly where the grant table says the
/// role lacks that permission; every use case refuses the roles without its permission, whoever calls it.</summary>
public abstract class AuthorizationWalkTests(StudioAppFactory app)
{
    private const int MissingId = 999_999;

    [Fact]
    public void ShouldDeclareAPermissionOnEveryStudioEndpointAndPage()
    {
        var routes = StudioRoutes.All(app).Where(r => r.Pattern.Contains("{studio}")).ToList();
        Assert.NotEmpty(routes);
        var undeclared = routes
            .Where(r => r.Metadata.GetMetadata<StudioScopedAttribute>() is null
                        || (r.Metadata.GetMetadata<RequiresPermissionAttribute>() is null && r.Metadata.GetMetadata<AnyMemberAttribute>() is null))
            .Select(r => $"{r.Method} {r.Pattern}")
            .Distinct()
            .ToList();
        Assert.Empty(undeclared);
    }

    [Fact]
    public async Task ShouldAnswer403ExactlyWhereTheRoleLacksThePermissionOnEveryStudioEndpoint()
    {
        var team = await TeamAsync();
        // Leaving the studio last: the walk goes on as a member until then.
        var endpoints = StudioRoutes.Under(app, "/api/studios/{studio}")
            .OrderBy(r => r.Pattern.EndsWith("/members/me") && r.Method == "DELETE")
            .ToList();
        var failures = new List<string>();
        foreach (var (role, member) in team)
            foreach (var route in endpoints)
            {
                var response = await member.Http.SendAsync(StudioRoutes.Request(route, StudioRoutes.Fill(route.Pattern, member.Slug, MissingId)));
                var problem = await Judge(role, route, response);
                if (problem is not null) failures.Add($"{role} {route.Method} {route.Pattern}: {problem}");
            }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task ShouldAnswer403ExactlyWhereTheRoleLacksThePermissionOnEveryStudioPage()
    {
        var team = await TeamAsync();
        var pages = StudioRoutes.Under(app, "/s/{studio}").Where(r => r.Method == "GET").DistinctBy(r => r.Pattern).ToList();
        var failures = new List<string>();
        foreach (var (role, member) in team)
        {
            var browser = Browser.Open(app);
            await browser.SubmitExpectingRedirectAsync("/login", "login",
                new Dictionary<string, string> { ["Input.Email"] = member.Email, ["Input.Password"] = member.Password });
            foreach (var page in pages)
            {
                var response = await browser.Http.GetAsync(StudioRoutes.Fill(page.Pattern, member.Slug, MissingId));
                var problem = await Judge(role, page, response);
                if (problem is not null) failures.Add($"{role} {page.Pattern}: {problem}");
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public void ShouldDeclareAPermissionOnEveryStudioUseCase()
    {
        var useCases = UseCases().ToList();
        Assert.Contains(useCases, m => m.DeclaringType!.Name == "ClientService" && m.Name == "CreateAsync");
        var wrong = useCases
            .Where(m => new[] { typeof(RequiresPermissionAttribute), typeof(AnyMemberAttribute), typeof(WithoutMembershipAttribute) }
                .Count(a => m.IsDefined(a)) != 1)
            .Select(Name)
            .ToList();
        Assert.Empty(wrong);
    }

    /// <summary>The declaration is only worth something if the method runs the check: each declared use case calls
    /// CurrentTenant.Authorize (found in its IL, or its async state machine's).</summary>
    [Fact]
    public void ShouldRunTheCheckInEveryDeclaredUseCase()
    {
        var authorize = typeof(CurrentTenant).GetMethod(nameof(CurrentTenant.Authorize))!;
        var unchecked_ = UseCases()
            .Where(m => UseCasePermissions.Declared(m) is not null && !Calls(m, authorize))
            .Select(Name)
            .ToList();
        Assert.Empty(unchecked_);
    }

    /// <summary>Called directly, as a page, a job or the assistant would, every use case refuses a role without its
    /// permission before it does anything (even before it reads its arguments).</summary>
    [Fact]
    public async Task ShouldRefuseEveryUseCaseToRolesWithoutItsPermission()
    {
        var owner = await app.RegisterStudioAsync("Use case walk");
        var checkedCalls = 0;
        var failures = new List<string>();
        foreach (var method in UseCases())
        {
            if (UseCasePermissions.Declared(method) is not { Permission: { } permission }) continue;
            foreach (var role in Enum.GetValues<StudioRole>().Where(r => !r.Can(permission)))
            {
                await using var scope = app.Services.CreateAsyncScope();
                var studio = await scope.ServiceProvider.GetRequiredService<StudioDirectory>().FindAsync(owner.Slug);
                await scope.ServiceProvider.GetRequiredService<CurrentTenant>().EnterAsync(studio!, owner.UserId, "Walker", role);
                var service = scope.ServiceProvider.GetRequiredService(method.DeclaringType!);
                var arguments = method.GetParameters().Select(p => p.ParameterType.IsValueType ? Activator.CreateInstance(p.ParameterType) : null).ToArray();
                try
                {
                    if (method.Invoke(service, arguments) is Task task) await task;
                    failures.Add($"{Name(method)} as {role}: not refused");
                }
                catch (Exception e) when ((e as TargetInvocationException)?.InnerException is ForbiddenException || e is ForbiddenException)
                {
                    checkedCalls++;
                }
                catch (Exception e)
                {
                    failures.Add($"{Name(method)} as {role}: {e.GetType().Name} {e.Message}");
                }
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.True(checkedCalls > 0);
    }

    /// <summary>The public methods of every service that acts in a studio (its constructor takes CurrentTenant).</summary>
    private static IEnumerable<MethodInfo> UseCases() =>
        from type in typeof(Program).Assembly.GetTypes()
        where type.GetConstructors().Any(c => c.GetParameters().Any(p => p.ParameterType == typeof(CurrentTenant)))
        from method in type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
        where !method.IsSpecialName
        select method;

    private static bool Calls(MethodInfo method, MethodInfo target)
    {
        var body = method.GetCustomAttribute<AsyncStateMachineAttribute>() is { } machine
            ? machine.StateMachineType.GetMethod("MoveNext", BindingFlags.Instance | BindingFlags.NonPublic)!
            : method;
        var il = body.GetMethodBody()?.GetILAsByteArray() ?? [];
        for (var i = 0; i + 4 < il.Length; i++)
        {
            if (il[i] is not (0x28 or 0x6F)) continue; // call, callvirt
            try
            {
                if (body.Module.ResolveMethod(BitConverter.ToInt32(il, i + 1)) == target) return true;
            }
            catch (ArgumentException) { } // not a method token: the byte was an operand, not an opcode
        }
        return false;
    }

    private static string Name(MethodInfo m) => $"{m.DeclaringType!.Name}.{m.Name}";

    /// <summary>Null when the answer is right for this role: 403 exactly when the role lacks a declared permission;
    /// otherwise anything but 401/403/405/5xx, and a 404 only for the missing record, not for the studio.</summary>
    private static async Task<string?> Judge(StudioRole role, StudioRoute route, HttpResponseMessage response)
    {
        var lacking = route.Metadata.GetOrderedMetadata<RequiresPermissionAttribute>().Any(p => !role.Can(p.Permission));
        var status = (int)response.StatusCode;
        if (lacking) return status == 403 ? null : $"expected 403, got {status}";
        if (status is 401 or 403 or 405 or >= 500) return $"got {status}: {await response.Content.ReadAsStringAsync()}";
        if (status == 404 && (await response.Content.ReadAsStringAsync()).Contains("There is no studio")) return "the studio was not found";
        return null;
    }

    /// <summary>A studio with one member of each role.</summary>
    private async Task<List<(StudioRole Role, StudioSession Member)>> TeamAsync()
    {
        var owner = await app.RegisterStudioAsync("Role walk");
        return
        [
            (StudioRole.Owner, owner),
            (StudioRole.Admin, await app.AddMemberAsync(owner, "admin")),
            (StudioRole.Engineer, await app.AddMemberAsync(owner, "engineer")),
            (StudioRole.Accountant, await app.AddMemberAsync(owner, "accountant")),
        ];
    }
}

[Collection(SqliteCollection.Name)]
public sealed class AuthorizationWalkTests_Sqlite(SqliteAppFactory app) : AuthorizationWalkTests(app);

[Collection(PostgresCollection.Name)]
public sealed class AuthorizationWalkTests_Postgres(PostgresAppFactory app) : AuthorizationWalkTests(app);
