import Mustache

/// The dashboard's Mustache templates: one layout (landmarks, a skip link, light and dark colours from the system,
/// no outside assets) and a template per page, which fills the layout's `content` block.
enum DashboardTemplates {
    /// The templates by name, parsed once.
    static func library() throws -> MustacheLibrary {
        var library = MustacheLibrary()
        try library.register(layout, named: "layout")
        try library.register(signIn, named: "sign-in")
        try library.register(campaigns, named: "campaigns")
        try library.register(campaign, named: "campaign")
        try library.register(transcript, named: "transcript")
        try library.register(campaignForm, named: "campaign-form")
        try library.register(settings, named: "settings")
        return library
    }

    private static let layout = """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="color-scheme" content="light dark">
        <title>{{title}} · Parley</title>
        <style>
        :root { --fg: #1d2125; --bg: #ffffff; --muted: #5b6470; --line: #d8dde3; --accent: #0b57d0; --error: #b3261e; --panel: #f5f7f9; }
        @media (prefers-color-scheme: dark) {
          :root { --fg: #e6e8eb; --bg: #15181c; --muted: #a1a9b3; --line: #343a41; --accent: #8ab4f8; --error: #f2b8b5; --panel: #1e2227; }
        }
        * { box-sizing: border-box; }
        body { margin: 0; font: 16px/1.5 system-ui, sans-serif; color: var(--fg); background: var(--bg); }
        a { color: var(--accent); }
        .skip { position: absolute; left: -999px; } .skip:focus { left: 1rem; top: 1rem; background: var(--bg); padding: .5rem; }
        header { display: flex; flex-wrap: wrap; gap: 1rem; align-items: center; justify-content: space-between; padding: .75rem 1rem;
                 border-bottom: 1px solid var(--line); }
        header nav a { margin-right: 1rem; }
        main { max-width: 72rem; margin: 0 auto; padding: 1rem; }
        h1 { font-size: 1.5rem; margin: .5rem 0 1rem; }
        label { display: block; font-weight: 600; margin: .75rem 0 .25rem; }
        input, select, button, textarea { font: inherit; padding: .5rem .6rem; border: 1px solid var(--line); border-radius: .4rem;
                 background: var(--bg); color: var(--fg); }
        input, select, textarea { width: 100%; max-width: 28rem; }
        button { background: var(--accent); color: var(--bg); border-color: var(--accent); cursor: pointer; }
        :focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
        .error { color: var(--error); font-weight: 600; }
        .panel { background: var(--panel); border: 1px solid var(--line); border-radius: .5rem; padding: 1rem; }
        table { width: 100%; border-collapse: collapse; } th, td { text-align: left; padding: .5rem; border-bottom: 1px solid var(--line); }
        .filters { display: flex; flex-wrap: wrap; gap: .75rem; align-items: end; margin-bottom: 1rem; }
        .filters label { margin: 0; } .filters select { width: auto; }
        .counts, .meta { color: var(--muted); font-size: .9rem; }
        .columns { display: grid; gap: 1rem; grid-template-columns: minmax(0, 1fr); }
        @media (min-width: 60rem) { .columns { grid-template-columns: 20rem minmax(0, 1fr); } }
        @media (max-width: 60rem) { .open-conversation { order: -1; } }
        ol.messages { list-style: none; padding: 0; margin: 0 0 1rem; }
        ol.messages li { margin: .5rem 0; padding: .5rem .75rem; border-radius: .5rem; border: 1px solid var(--line); max-width: 40rem; white-space: pre-wrap; }
        ol.messages li.CANDIDATE { margin-right: auto; } ol.messages li.AGENT, ol.messages li.USER { margin-left: auto; background: var(--panel); }
        .hint { color: var(--muted); font-size: .9rem; margin: .2rem 0 0; }
        [aria-invalid="true"] { border-color: var(--error); }
        fieldset { border: 1px solid var(--line); border-radius: .5rem; margin: 1rem 0; padding: .5rem 1rem 1rem; }
        button.secondary { background: transparent; color: var(--accent); }
        .actions { display: flex; flex-wrap: wrap; gap: .5rem; margin: .5rem 0 1rem; }
        nav.list a[aria-current] { font-weight: 700; }
        @media (max-width: 40rem) { thead { display: none; } tr, td { display: block; } td { border: 0; padding: .2rem 0; } tr { border-bottom: 1px solid var(--line); padding: .5rem 0; } }
        </style>
        </head>
        <body>
        <a class="skip" href="#main">Skip to content</a>
        <header>
        <strong>Parley</strong>
        {{#signedIn}}
        <nav aria-label="Main"><a href="/campaigns">Campaigns</a><a href="/settings">Settings</a></nav>
        <form method="post" action="/logout"><input type="hidden" name="csrf" value="{{csrf}}"><span>{{email}}</span> <button type="submit">Sign out</button></form>
        {{/signedIn}}
        </header>
        <main id="main">
        {{$content}}{{/content}}
        </main>
        </body>
        </html>
        """

    private static let signIn = """
        {{<layout}}
        {{$content}}
        <h1>Sign in</h1>
        <form method="post" action="/login" class="panel" novalidate>
        {{#error}}<p class="error" role="alert" id="sign-in-error">{{error}}</p>{{/error}}
        <input type="hidden" name="csrf" value="{{csrf}}">
        {{#next}}<input type="hidden" name="next" value="{{next}}">{{/next}}
        <label for="email">Email</label>
        <input id="email" name="email" type="email" autocomplete="username" required value="{{email}}"{{#error}} aria-describedby="sign-in-error"{{/error}}>
        <label for="password">Password</label>
        <input id="password" name="password" type="password" autocomplete="current-password" required{{#error}} autofocus{{/error}}>
        <p><button type="submit">Sign in</button></p>
        </form>
        {{/content}}
        {{/layout}}
        """

    private static let campaigns = """
        {{<layout}}
        {{$content}}
        <h1>Campaigns</h1>
        <p><a href="/campaigns/new">New campaign</a></p>
        <form method="get" action="/campaigns" class="filters" aria-label="Filter campaigns">
        <div><label for="status">Status</label><select id="status" name="status">{{#statuses}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/statuses}}</select></div>
        <div><label for="type">Type</label><select id="type" name="type">{{#types}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/types}}</select></div>
        <div><label for="channel">Channel</label><select id="channel" name="channel">{{#channels}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/channels}}</select></div>
        <div><button type="submit">Filter</button></div>
        </form>
        {{#hasCampaigns}}
        <table>
        <caption class="counts">{{campaignCount}}</caption>
        <thead><tr><th scope="col">Campaign</th><th scope="col">Type</th><th scope="col">Channel</th><th scope="col">Status</th><th scope="col">Conversations</th></tr></thead>
        <tbody>
        {{#campaigns}}
        <tr><td><a href="/campaign/outbound/{{id}}">{{title}}</a></td><td>{{type}}</td><td>{{channel}}</td><td>{{status}}</td><td class="counts">{{counts}}</td></tr>
        {{/campaigns}}
        </tbody>
        </table>
        {{/hasCampaigns}}
        {{^hasCampaigns}}<p>No campaigns match.</p>{{/hasCampaigns}}
        {{/content}}
        {{/layout}}
        """

    private static let campaign = """
        {{<layout}}
        {{$content}}
        <h1>{{campaign.title}}</h1>
        <p class="meta">{{campaign.type}} · {{campaign.channel}} · {{campaign.status}} · closes with {{campaign.closingMethod}}</p>
        <div class="columns">
        <section aria-labelledby="conversations-heading">
        <h2 id="conversations-heading">Conversations</h2>
        <form method="get" action="/campaign/outbound/{{campaign.id}}" class="filters" aria-label="Filter conversations">
        <div><label for="status">Status</label><select id="status" name="status">{{#statuses}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/statuses}}</select></div>
        <div><button type="submit">Filter</button></div>
        </form>
        <p class="counts">{{conversationCount}}</p>
        <nav class="list" aria-label="Conversations"><ul>
        {{#conversations}}<li><a href="/campaign/outbound/{{campaign.id}}?conversationId={{id}}"{{#current}} aria-current="page"{{/current}}>{{name}}</a> <span class="meta">{{status}}{{#needsReview}} · needs review{{/needsReview}}</span></li>{{/conversations}}
        {{^conversations}}<li>No conversations yet.</li>{{/conversations}}
        </ul></nav>
        <form method="post" action="/campaign/outbound/{{campaign.id}}/conversations" class="panel" aria-labelledby="start-heading">
        <h3 id="start-heading">Start a conversation</h3>
        <input type="hidden" name="csrf" value="{{csrf}}">
        {{#startError}}<p class="error" role="alert" id="start-error">{{startError}}</p>{{/startError}}
        <label for="firstName">First name</label><input id="firstName" name="firstName" required autocomplete="off">
        <label for="lastName">Last name</label><input id="lastName" name="lastName" autocomplete="off">
        <label for="phoneNumber">Phone number</label><input id="phoneNumber" name="phoneNumber" type="tel" autocomplete="off" placeholder="+14155551234">
        <label for="emailAddress">Email</label><input id="emailAddress" name="emailAddress" type="email" autocomplete="off">
        <p><button type="submit">Start</button></p>
        </form>
        <form method="post" action="/campaign/outbound/{{campaign.id}}/upload" enctype="multipart/form-data" class="panel" aria-labelledby="upload-heading">
        <h3 id="upload-heading">Upload candidates</h3>
        <input type="hidden" name="csrf" value="{{csrf}}">
        {{#uploadResult}}<p role="status" id="upload-result">{{uploadResult}}</p>{{/uploadResult}}
        {{#hasUploadErrors}}<ul class="error" id="upload-errors">{{#uploadErrors}}<li>{{.}}</li>{{/uploadErrors}}</ul>{{/hasUploadErrors}}
        <label for="candidates">CSV file</label>
        <input id="candidates" name="candidates" type="file" accept=".csv,text/csv" required aria-describedby="candidates-hint">
        <p class="hint" id="candidates-hint">A header line naming the columns: firstName, lastName, phoneNumber, countryCode, emailAddress, externalId, applicationSource. At most 1,000 candidates.</p>
        <p><button type="submit">Upload</button></p>
        </form>
        <h3>Questions</h3>
        <ol>{{#questions}}<li>{{content}}{{#mandatory}} <span class="meta">(knockout)</span>{{/mandatory}}</li>{{/questions}}</ol>
        </section>
        {{#conversation}}
        <section aria-labelledby="transcript-heading" class="open-conversation">
        <h2 id="transcript-heading">{{name}}</h2>
        <p class="meta" id="conversation-state">{{status}}{{#needsReview}} · needs review{{/needsReview}}{{#takenOver}} · taken over by a recruiter{{/takenOver}}</p>
        {{#hasOutcomes}}<h3>Screening</h3><ul>{{#outcomes}}<li>{{question}}: <strong>{{outcome}}</strong> <span class="meta">{{summary}}</span></li>{{/outcomes}}</ul>{{/hasOutcomes}}
        <h3>Messages</h3>
        <div id="transcript" aria-live="polite" data-source="{{fragmentURL}}">{{>transcript}}</div>
        {{#sendError}}<p class="error" role="alert" id="send-error">{{sendError}}</p>{{/sendError}}
        {{#active}}
        <div class="actions">
        {{^takenOver}}<form method="post" action="{{actionURL}}/take-over"><input type="hidden" name="csrf" value="{{csrf}}"><button type="submit">Take over</button></form>{{/takenOver}}
        {{#takenOver}}<form method="post" action="{{actionURL}}/hand-back"><input type="hidden" name="csrf" value="{{csrf}}"><button type="submit">Hand back to the agent</button></form>{{/takenOver}}
        </div>
        <form method="post" action="{{actionURL}}/messages" class="panel">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <label for="content">Message as recruiter</label>
        <textarea id="content" name="content" rows="3" required{{#sendError}} aria-describedby="send-error"{{/sendError}}></textarea>
        <p class="meta">Sending takes the conversation over: the agent stays quiet until you hand it back.</p>
        <p><button type="submit">Send</button></p>
        </form>
        {{/active}}
        <script nonce="{{nonce}}">
        (function () {
          var box = document.getElementById("transcript");
          setInterval(function () {
            fetch(box.dataset.source, { credentials: "same-origin" }).then(function (r) { return r.ok ? r.text() : null; })
              .then(function (html) { if (html !== null && html !== box.innerHTML) { box.innerHTML = html; } });
          }, 2000);
        })();
        </script>
        </section>
        {{/conversation}}
        {{^conversation}}<section><p>Choose a conversation to read it.</p></section>{{/conversation}}
        </div>
        {{/content}}
        {{/layout}}
        """

    /// The messages of one conversation; also served alone for the page to poll.
    private static let transcript = """
        <ol class="messages">{{#messages}}<li class="{{role}}"><span class="meta">{{who}} · {{time}}{{#delivery}} · {{delivery}}{{/delivery}}</span>
        {{content}}</li>{{/messages}}</ol>
        """

    private static let campaignForm = """
        {{<layout}}
        {{$content}}
        <h1>New campaign</h1>
        <form method="post" action="/campaigns/new" novalidate>
        <input type="hidden" name="csrf" value="{{csrf}}">
        <input type="hidden" name="questionRows" value="{{questionRows}}">
        {{#hasErrors}}<p class="error" role="alert" id="form-errors">Some fields need a change: see the messages beside them.</p>{{/hasErrors}}
        {{#hasGeneralErrors}}<ul class="error">{{#generalErrors}}<li>{{.}}</li>{{/generalErrors}}</ul>{{/hasGeneralErrors}}
        {{#fields}}
        <div>
        <label for="{{name}}">{{label}}</label>
        {{#isText}}<input id="{{name}}" name="{{name}}" value="{{value}}"{{#error}} aria-invalid="true" aria-describedby="{{name}}-error"{{/error}}{{#firstError}} autofocus{{/firstError}}>{{/isText}}
        {{#isNumber}}<input id="{{name}}" name="{{name}}" inputmode="numeric" value="{{value}}"{{#error}} aria-invalid="true" aria-describedby="{{name}}-error"{{/error}}{{#firstError}} autofocus{{/firstError}}>{{/isNumber}}
        {{#isTextarea}}<textarea id="{{name}}" name="{{name}}" rows="3"{{#error}} aria-invalid="true" aria-describedby="{{name}}-error"{{/error}}{{#firstError}} autofocus{{/firstError}}>{{value}}</textarea>{{/isTextarea}}
        {{#isSelect}}<select id="{{name}}" name="{{name}}"{{#error}} aria-invalid="true" aria-describedby="{{name}}-error"{{/error}}{{#firstError}} autofocus{{/firstError}}>{{#choices}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/choices}}</select>{{/isSelect}}
        {{#hint}}<p class="hint">{{hint}}</p>{{/hint}}
        {{#error}}<p class="error" id="{{name}}-error">{{error}}</p>{{/error}}
        </div>
        {{/fields}}
        <h2>Screening questions</h2>
        {{#questionsError}}<p class="error" id="questions-error">{{questionsError}}</p>{{/questionsError}}
        {{#questions}}
        <fieldset>
        <legend>Question {{number}}</legend>
        <label for="q{{row}}-content">Question</label>
        <input id="q{{row}}-content" name="questions[{{row}}].content" value="{{content}}"{{#error}} aria-invalid="true" aria-describedby="q{{row}}-error"{{/error}}>
        <label for="q{{row}}-type">Answer type</label>
        <select id="q{{row}}-type" name="questions[{{row}}].questionType">{{#types}}<option{{#selected}} selected{{/selected}}>{{value}}</option>{{/types}}</select>
        <label><input type="checkbox" name="questions[{{row}}].isMandatory"{{#mandatory}} checked{{/mandatory}}> Knockout: failing it rejects the candidate</label>
        <label for="q{{row}}-ideal">Passing answer</label>
        <input id="q{{row}}-ideal" name="questions[{{row}}].idealAnswer" value="{{idealAnswer}}">
        <p class="hint">YES or NO, or one of the options.</p>
        <label for="q{{row}}-options">Options</label>
        <input id="q{{row}}-options" name="questions[{{row}}].options" value="{{options}}">
        <p class="hint">For MULTIPLE_CHOICE: separated by commas.</p>
        <label for="q{{row}}-minimum">Minimum</label>
        <input id="q{{row}}-minimum" name="questions[{{row}}].minimum" inputmode="decimal" value="{{minimum}}">
        <p class="hint">For NUMBER: the least that passes.</p>
        {{#error}}<p class="error" id="q{{row}}-error">{{error}}</p>{{/error}}
        <p><button type="submit" class="secondary" name="action" value="remove-question-{{row}}">Remove question {{number}}</button></p>
        </fieldset>
        {{/questions}}
        <p><button type="submit" class="secondary" name="action" value="add-question">Add a question</button></p>
        <p><button type="submit" name="action" value="create">Create campaign</button></p>
        </form>
        {{/content}}
        {{/layout}}
        """

    private static let settings = """
        {{<layout}}
        {{$content}}
        <h1>Settings</h1>
        {{#notice}}<p role="status" id="notice">{{notice}}</p>{{/notice}}
        {{#newKey}}<p class="panel"><label for="new-key">New API key</label><input id="new-key" readonly value="{{newKey}}"></p>{{/newKey}}
        {{#settingsError}}<p class="error" role="alert" id="settings-error">{{settingsError}}</p>{{/settingsError}}
        <section aria-labelledby="users-heading">
        <h2 id="users-heading">Users</h2>
        <ul>{{#users}}<li>{{email}}</li>{{/users}}</ul>
        <form method="post" action="/settings/users" class="panel">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <label for="user-email">Email</label><input id="user-email" name="email" type="email" autocomplete="off" required>
        <label for="user-password">Password</label><input id="user-password" name="password" type="password" autocomplete="new-password" required>
        <p class="hint">10 to 200 characters.</p>
        <p><button type="submit">Add user</button></p>
        </form>
        </section>
        <section aria-labelledby="keys-heading">
        <h2 id="keys-heading">API keys</h2>
        <table><thead><tr><th scope="col">Name</th><th scope="col">Key</th><th scope="col">Status</th><th scope="col">Expires</th><th scope="col"><span class="skip">Actions</span></th></tr></thead>
        <tbody>{{#keys}}<tr><td>{{name}}</td><td>{{masked}}</td><td>{{status}}</td><td>{{expires}}</td>
        <td>{{#revocable}}<form method="post" action="/settings/api-keys/revoke"><input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="prefix" value="{{prefix}}"><button type="submit" class="secondary">Revoke {{name}}</button></form>{{/revocable}}</td></tr>{{/keys}}</tbody></table>
        <form method="post" action="/settings/api-keys" class="panel">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <label for="key-name">Name</label><input id="key-name" name="name" required>
        <label for="key-days">Expires in days</label><input id="key-days" name="expiresInDays" inputmode="numeric">
        <p class="hint">Empty: never.</p>
        <p><button type="submit">Create key</button></p>
        </form>
        </section>
        <section aria-labelledby="hours-heading">
        <h2 id="hours-heading">Business hours</h2>
        <form method="post" action="/settings/business-hours" class="panel">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <fieldset><legend>Open days</legend>{{#days}}<label><input type="checkbox" name="day.{{name}}"{{#open}} checked{{/open}}> {{name}}</label>{{/days}}</fieldset>
        <label for="hours-start">Opens</label><input id="hours-start" name="start" value="{{start}}">
        <label for="hours-end">Closes</label><input id="hours-end" name="end" value="{{end}}">
        <p class="hint">HH:MM, in each candidate's time zone.</p>
        <p><button type="submit">Save hours</button></p>
        </form>
        </section>
        <section aria-labelledby="webhooks-heading">
        <h2 id="webhooks-heading">Webhooks</h2>
        {{#webhooks}}
        <h3>{{url}}</h3>
        <p class="meta">{{#active}}Active{{/active}}{{^active}}Paused{{/active}} · {{events}}</p>
        {{#hasDeliveries}}<table><caption class="counts">Latest deliveries</caption><thead><tr><th scope="col">Event</th><th scope="col">Status</th><th scope="col">Attempts</th><th scope="col">Last answer</th><th scope="col">Created</th></tr></thead>
        <tbody>{{#deliveries}}<tr><td>{{event}}</td><td>{{status}}</td><td>{{attempts}}</td><td>{{code}}</td><td>{{when}}</td></tr>{{/deliveries}}</tbody></table>{{/hasDeliveries}}
        {{^hasDeliveries}}<p>No deliveries yet.</p>{{/hasDeliveries}}
        {{/webhooks}}
        {{^webhooks}}<p>No webhooks. Add them with <code>POST /v1/webhooks</code>.</p>{{/webhooks}}
        </section>
        <section aria-labelledby="channels-heading">
        <h2 id="channels-heading">Channel connections</h2>
        <ul>{{#channels}}<li>{{channel}} through {{provider}}, from {{sender}}</li>{{/channels}}</ul>
        {{^channels}}<p>Every channel is on the Sandbox. Connect providers with <code>POST /v1/channel-connections</code>.</p>{{/channels}}
        </section>
        {{/content}}
        {{/layout}}
        """
}
