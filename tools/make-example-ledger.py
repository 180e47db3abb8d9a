#!/usr/bin/env python3
"""Write the example site's volunteer ledger, data/volunteer/2025年志愿服务台账.xlsx.

Run from anywhere:  python3 tools/make-example-ledger.py   (needs openpyxl)

It is the ledger a hospital's publicity office keeps: a merged title row,
a 序号 column, date cells, branches and people separated by 、, hours in a
column headed 服务时长（小时）, a 备注 and a 照片 column, and a 合计 row of
formulas. The small, regular activities of 2025 (guiding patients, talks,
blood-pressure checks) live here; the large ones have Markdown pages with
photos in content/volunteer/. No row repeats a Markdown record (same date
and title), which pinpai would report as an error.
"""

import datetime
import os

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "data", "volunteer", "2025年志愿服务台账.xlsx")

HEADER = ["序号", "日期", "活动名称", "支部", "先锋人物", "参与人员", "地点",
          "志愿者人次", "服务时长（小时）", "服务群众人次", "备注", "照片"]

D = datetime.date
ROWS = [
    (D(2025, 2, 14), "门诊大厅导医服务", "护理部党支部", "韩静", "刘晓燕、陈思", "门诊楼一楼大厅",
     6, 24, 420, "为就诊群众指引科室、协助自助机挂号。", ""),
    (D(2025, 3, 22), "世界防治结核病日健康咨询", "药学部党支部", "", "周玉、孙莉", "滨江广场",
     5, 15, 260, "发放结核病防治宣传资料，解答用药疑问。", ""),
    (D(2025, 4, 12), "“健康快车”社区导诊", "急诊科党支部、护理部党支部", "杜杰", "王磊", "汉丰街道社区卫生服务站",
     9, 27, 310, "社区居民血压、血糖检测，讲解常见急症的识别。", "照片/2025-04-daozhen-1.jpg"),
    (D(2025, 5, 12), "护士节义诊进养老院", "护理部党支部", "韩静", "李佳、吴倩、郑楠", "江州市第二社会福利院",
     12, 36, 180, "为老人测量血压、指导压疮护理。", ""),
    (D(2025, 7, 8), "暑期儿童安全用药讲座", "儿科党支部、药学部党支部", "", "邓琳", "江州市少年宫",
     4, 8, 150, "", ""),
    (D(2025, 8, 19), "医师节“送健康进机关”", "心血管内科党支部", "", "钱程、许诺", "江州市行政中心",
     6, 18, 230, "心电图筛查与心血管健康讲座。", ""),
    (D(2025, 10, 29), "重阳节敬老健康行", "心血管内科党支部、重症医学科党支部", "", "冯敏、谢婷", "青塘镇敬老院",
     10, 40, 120, "为老人免费体检，讲解冬季心脑血管病预防。", "照片/2025-10-chongyang-1.jpg"),
    (D(2025, 11, 14), "联合国糖尿病日血糖筛查", "药学部党支部", "", "孙莉", "医院门诊广场",
     5, 12.5, 340, "", ""),
]


def main():
    wb = Workbook()
    ws = wb.active
    ws.title = "2025年"
    ws["A1"] = "江州市第一人民医院2025年志愿服务台账"
    ws["A1"].font = Font(bold=True, size=14)
    ws["A1"].alignment = Alignment(horizontal="center")
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADER))
    ws.append(HEADER)
    for cell in ws[2]:
        cell.font = Font(bold=True)
    for i, row in enumerate(ROWS, start=1):
        ws.append([i, *row])
        ws.cell(row=ws.max_row, column=2).number_format = "yyyy/m/d"
    last = ws.max_row
    ws.append(["合计", "", "", "", "", "", "",
               f"=SUM(H3:H{last})", f"=SUM(I3:I{last})", f"=SUM(J3:J{last})"])
    widths = [6, 12, 28, 30, 10, 18, 24, 10, 14, 12, 36, 28]
    for column, width in zip("ABCDEFGHIJKL", widths):
        ws.column_dimensions[column].width = width
    wb.save(OUT)


if __name__ == "__main__":
    main()
