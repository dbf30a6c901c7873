-- Driven by neovim_test.go: Neovim 0.7 opens the main.cf given on the
-- command line, starts "postlint lsp" as its language server, and writes
-- what it saw as JSON to $POSTLINT_RESULT before quitting.
local result = {}

local function finish(status)
  result.status = status
  local f = assert(io.open(os.getenv("POSTLINT_RESULT"), "w"))
  f:write(vim.fn.json_encode(result))
  f:close()
  vim.cmd("qall!")
end

local function code_of(d)
  if d.code then return d.code end
  local lsp = d.user_data and d.user_data.lsp
  return lsp and lsp.code or ""
end

local function find(code)
  for _, d in ipairs(vim.diagnostic.get(0)) do
    if code_of(d) == code then return d end
  end
end

local function run()
  local id = vim.lsp.start_client({
    name = "postlint",
    cmd = { os.getenv("POSTLINT_BIN"), "lsp", "--postfix-version", "3.7" },
    root_dir = vim.fn.expand("%:p:h"),
  })
  if not id then return finish("the client did not start") end
  vim.lsp.buf_attach_client(0, id)

  if not vim.wait(30000, function() return find("PL201") ~= nil end, 50) then
    return finish("no PL201 diagnostic arrived")
  end
  local d = find("PL201")
  result.diagnostic = { line = d.lnum, col = d.col, severity = d.severity, message = d.message }

  local lspdiag = d.user_data and d.user_data.lsp or {}
  local params = {
    textDocument = vim.lsp.util.make_text_document_params(0),
    range = { start = { line = d.lnum, character = d.col }, ["end"] = { line = d.end_lnum, character = d.end_col } },
    context = { diagnostics = { lspdiag } },
  }
  local responses = vim.lsp.buf_request_sync(0, "textDocument/codeAction", params, 10000) or {}
  local chosen
  result.actions = {}
  for _, r in pairs(responses) do
    for _, a in ipairs(r.result or {}) do
      table.insert(result.actions, a.title)
      if a.isPreferred and not chosen then chosen = a end
    end
  end
  if not chosen then return finish("no preferred code action") end
  vim.lsp.util.apply_workspace_edit(chosen.edit, "utf-16")
  vim.cmd("write")

  if not vim.wait(30000, function() return find("PL201") == nil end, 50) then
    return finish("PL201 still reported after the code action")
  end

  local hover = vim.lsp.buf_request_sync(0, "textDocument/hover", {
    textDocument = vim.lsp.util.make_text_document_params(0),
    position = { line = d.lnum - 1, character = 2 },
  }, 10000) or {}
  for _, r in pairs(hover) do
    if r.result then result.hover = r.result.contents.value end
  end
  finish("ok")
end

vim.api.nvim_create_autocmd("VimEnter", { callback = function()
  local ok, err = pcall(run)
  if not ok then finish("error: " .. tostring(err)) end
end })
