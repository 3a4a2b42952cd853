describe('Local stack: GET /health', () => {
  it('answers 200 once the stack is ready', async () => {
    const baseUrl = process.env.E2E_BASE_URL;
    expect(baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

    const response = await fetch(`${baseUrl}/health`);

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });
});
