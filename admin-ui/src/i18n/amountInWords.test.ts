import { amountInWords } from './amountInWords';

describe('amountInWords', () => {
  it.each([
    [85_000_000, 'Tám mươi lăm triệu đồng', 'Eighty-five million dong'],
    [0, 'Không đồng', 'Zero dong'],
    [21_000, 'Hai mươi mốt nghìn đồng', 'Twenty-one thousand dong'],
    [15_500_000, 'Mười lăm triệu năm trăm nghìn đồng', 'Fifteen million five hundred thousand dong'],
    [350_000_000, 'Ba trăm năm mươi triệu đồng', 'Three hundred fifty million dong'],
    [105_000_000, 'Một trăm lẻ năm triệu đồng', 'One hundred five million dong'],
    [1_205_000_000, 'Một tỷ hai trăm lẻ năm triệu đồng', 'One billion two hundred five million dong'],
  ])('writes %i in Vietnamese and English', async (vnd, vi, en) => {
    expect(await amountInWords(vnd, 'vi')).toBe(vi);
    expect(await amountInWords(vnd, 'en')).toBe(en);
  });

  it.each([-1, 1.5, Number.NaN, Number.MAX_SAFE_INTEGER + 2])('writes nothing for %p, which is no whole amount of đồng', async (vnd) => {
    expect(await amountInWords(vnd, 'vi')).toBeNull();
    expect(await amountInWords(vnd, 'en')).toBeNull();
  });
});
