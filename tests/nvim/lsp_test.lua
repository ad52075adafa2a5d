-- Headless Neovim (0.7+, Debian's) as the editor client of `claimlint lsp`: open a Markdown
-- page, wait for the diagnostics Neovim's built-in client receives, check their rule codes and
-- byte columns (Neovim converts the server's UTF-16 columns back, so a wrong count shows here),
-- apply the suppression code action and see the finding go.
--
-- Run by .ci/lsp_nvim.sh: CLAIMLINT=path/to/claimlint WORK=dir nvim --headless --clean -c "luafile tests/nvim/lsp_test.lua"

local bin = assert(os.getenv("CLAIMLINT"), "CLAIMLINT is not set")
local dir = assert(os.getenv("WORK"), "WORK is not set")
local passed, failed = 0, 0

local function check(name, ok, detail)
  if ok then
    passed = passed + 1
    io.stdout:write("ok   " .. name .. "\n")
  else
    failed = failed + 1
    io.stdout:write("FAIL " .. name .. (detail and (": " .. vim.inspect(detail)) or "") .. "\n")
  end
end

local function code_of(d)
  return d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
end

local function codes(bufnr)
  local out = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    out[#out + 1] = code_of(d)
  end
  table.sort(out)
  return out
end

local function find(bufnr, code)
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    if code_of(d) == code then
      return d
    end
  end
end

local function main()
  vim.cmd("edit " .. vim.fn.fnameescape(dir .. "/page.md"))
  local bufnr = vim.api.nvim_get_current_buf()
  vim.bo[bufnr].filetype = "markdown"
  local client_id = vim.lsp.start_client({ name = "claimlint", cmd = { bin, "lsp" }, root_dir = dir })
  check("the client starts claimlint lsp", client_id ~= nil)
  vim.lsp.buf_attach_client(bufnr, client_id)

  local got = vim.wait(30000, function()
    return find(bufnr, "en.curative.cure-words") ~= nil
  end, 50)
  check("Neovim receives the diagnostics", got, codes(bufnr))
  if not got then
    return
  end

  local d = find(bufnr, "ja.curative.guaranteed-result")
  local line = vim.api.nvim_buf_get_lines(bufnr, d and d.lnum or 0, (d and d.lnum or 0) + 1, false)[1] or ""
  local want = (line:find("必ず", 1, true) or 0) - 1
  check("the Japanese finding sits on 必ず after the emoji (byte column " .. want .. ")",
    d ~= nil and d.col == want and d.end_col == want + #"必ず治る", d)
  check("the diagnostic names its source", d ~= nil and d.source == "claimlint", d and d.source)

  local cure = find(bufnr, "en.curative.cure-words")
  -- Neovim 0.7 keeps byte columns only; the request speaks UTF-16, as the protocol does.
  local function pos(lnum, col)
    local l = vim.api.nvim_buf_get_lines(bufnr, lnum, lnum + 1, false)[1] or ""
    local _, utf16 = vim.str_utfindex(l, col)
    return { line = lnum, character = utf16 }
  end
  local range = { start = pos(cure.lnum, cure.col), ["end"] = pos(cure.end_lnum, cure.end_col) }
  local lsp = { range = range, message = cure.message, code = "en.curative.cure-words", source = "claimlint" }
  local client = vim.lsp.get_client_by_id(client_id)
  local params = {
    textDocument = { uri = vim.uri_from_bufnr(bufnr) },
    range = range,
    context = { diagnostics = { lsp } },
  }
  local resp = client.request_sync("textDocument/codeAction", params, 10000, bufnr)
  local action
  for _, a in ipairs((resp and resp.result) or {}) do
    if a.title:find("^Suppress en.curative.cure%-words") then
      action = a
    end
  end
  check("the server offers a suppression code action", action ~= nil, resp)
  if not action then
    return
  end
  vim.lsp.util.apply_workspace_edit(action.edit, client.offset_encoding or "utf-16")
  local text = table.concat(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false), "\n")
  check("applying it inserts the suppression comment",
    text:find("<!-- claimlint-disable-next-line en.curative.cure-words -- ", 1, true) ~= nil, text)
  local gone = vim.wait(30000, function()
    return find(bufnr, "en.curative.cure-words") == nil and find(bufnr, "ja.curative.guaranteed-result") ~= nil
  end, 50)
  check("the suppressed finding disappears, the others stay", gone, codes(bufnr))
end

local ok, err = pcall(main)
if not ok then
  check("the test ran without a Lua error", false, err)
end
io.stdout:write(passed .. " passed, " .. failed .. " failed\n")
for _, c in ipairs(vim.lsp.get_active_clients()) do
  c.stop(true)
end
if failed > 0 then
  vim.cmd("cquit 1")
else
  vim.cmd("qall!")
end
